package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * The worklist on a real PostgreSQL (embedded, io.zonky.test): the same golden worklists for the order and
 * patient scenarios, and C-FIND matching (wild cards on "C"-collated columns, ranges, stations) as on SQLite.
 */
@Timeout(600)
class WorklistPostgresTest {

    static EmbeddedPostgres pg;
    static final AtomicInteger DB = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh database for one engine. */
    static Map<String, String> database() throws Exception {
        String name = "wl" + DB.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return Map.of("radbridge.db.url", "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name,
                "radbridge.db.user", "postgres", "radbridge.db.password", "");
    }

    @TestFactory
    List<DynamicTest> goldenWorklistsOnPostgresql() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            if (WorklistScenarioSupport.isOrderScenario(scenario) || WorklistScenarioSupport.isPatientScenario(scenario)) {
                tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(),
                        () -> WorklistScenarioSupport.runAndCompare(scenario, database())));
            }
        }
        return tests;
    }

    @Test
    void matchingOnPostgresql() throws Exception {
        try (TestEngine e = TestEngine.start(database())) {
            String[][] people = {{"A1", "SMITH^JOHN", "CT01"}, {"A2", "SMITHSON^ANNA", "CT01"}, {"A3", "SMYTHE^CAROL", "CT02"},
                {"A4", "MÜLLER^JÜRGEN", "CT01"}, {"A5", "smith^lower", "CT03\\CT01"}};
            int n = 0;
            for (String[] p : people) {
                OrderMessages.Spec s = new OrderMessages.Spec("P" + p[0], p[1], "19800101", "F", p[0],
                        "1.2.826.0.1.3680043.10.543.44." + (++n), "S" + p[0], "CT", p[2].replace("\\", "~"), "ROOM", "LOC",
                        LocalDateTime.of(2026, 12, 1, 8 + n, 0), "P1", "Protocol", "");
                String ack = e.send(OrderMessages.omi("PG-" + n, s, "NW", "SC"));
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            }
            assertEquals("[A1, A2, A5]", find(e, Tag.PatientName, "SMITH*", null, null).toString(), "case-insensitive prefix");
            assertEquals("[A1, A3, A5]", find(e, Tag.PatientName, "SM?TH*^*O*", null, null).toString());
            assertEquals("[A4]", find(e, Tag.PatientName, "MÜ*", null, null).toString());
            assertEquals("[A1, A2, A4, A5]", find(e, -1, null, "CT01", null).toString(), "multi-valued station");
            assertEquals("[A2, A3]", find(e, -1, null, null, "0930-1100").toString());
        }
    }

    static List<String> find(TestEngine e, int tag, String value, String station, String time) throws Exception {
        Attributes k = new Attributes();
        k.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        k.setNull(Tag.AccessionNumber, VR.SH);
        if (tag > 0) {
            k.setString(tag, VR.PN, value);
        }
        Attributes sps = k.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        if (station != null) {
            sps.setString(Tag.ScheduledStationAETitle, VR.AE, station);
        }
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261201");
        if (time != null) {
            sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, time);
        }
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT01");
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian);
        try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq)) {
            TreeSet<String> out = new TreeSet<>();
            as.find(UID.ModalityWorklistInformationModelFind, k).matches().forEach(a -> out.add(a.getString(Tag.AccessionNumber)));
            return new ArrayList<>(out);
        }
    }
}
