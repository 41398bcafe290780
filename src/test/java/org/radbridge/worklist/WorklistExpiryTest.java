package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.engine.EngineContext;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * Issue 11 item 16, docs/dicom-conformance.md §4.4: an expired step (SCHEDULED, more than expire-after-hours past
 * its start) is not served to a query without an SPS Status, and is served, with its status SCHEDULED, to a query
 * whose SPS Status (0040,0020) matches it; GET /api/worklist marks it expired (private (0071,1001) "EXPIRED").
 */
@Timeout(300)
class WorklistExpiryTest {

    static TestEngine engine;

    @TempDir
    Path dir;

    static OrderMessages.Spec spec(String acc, LocalDateTime start) {
        return new OrderMessages.Spec("P" + acc, "EXPIRY^" + acc, "19700101", "F", acc, "1.2.826.0.1.3680043.10.543.93." + acc.substring(1),
                "S" + acc, "CT", "CT01", "ROOM", "LOC", start, "P", "Protocol", "");
    }

    @BeforeAll
    static void start() throws Exception {
        Dcmtk.assumeAvailable("findscu");
        engine = TestEngine.start();
        for (OrderMessages.Spec s : List.of(spec("E1", LocalDate.now().minusDays(10).atTime(8, 0)),
                spec("E2", LocalDate.now().atTime(23, 0)))) {
            String ack = engine.send(OrderMessages.omi("EXP-" + s.accession(), s, "NW", "SC"));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
        EngineContext ctx = engine.app().engine().context();
        WorklistService service = (WorklistService) engine.app().engine().beans().get("worklistService");
        int[] done = new Housekeeping(service, ctx.db(), ctx.audit(), "expiry-test", 72, 0).run(System.currentTimeMillis());
        assertEquals(1, done[0], "E1 expired, E2 not");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    List<Attributes> find(String... matching) throws Exception {
        List<String> args = new ArrayList<>(List.of("-W", "-X", "-k", "AccessionNumber", "-k",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus"));
        for (String m : matching) {
            args.add("-k");
            args.add(m);
        }
        Path work = Files.createTempDirectory(dir, "q");
        Dcmtk.findscu(work, "127.0.0.1", engine.dicomPort(), "CT01", "RADBRIDGE", args.toArray(String[]::new)).assertOk("findscu");
        List<Attributes> out = new ArrayList<>();
        for (Path p : Dcmtk.responseFiles(work)) {
            out.add(DicomFile.read(p).dataset());
        }
        return out;
    }

    static List<String> accessions(List<Attributes> rsp) {
        return rsp.stream().map(a -> a.getString(Tag.AccessionNumber)).sorted().toList();
    }

    @Test
    void expiredStepsAreServedOnlyToAQueryNamingTheirStatus() throws Exception {
        assertEquals(List.of("E2"), accessions(find("PatientName=EXPIRY^*")), "no SPS Status: expired E1 not served");
        // find -k "…Status" above is a universal return key, not a matching one
        List<Attributes> named = find("PatientName=EXPIRY^*", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=SCHEDULED");
        assertEquals(List.of("E1", "E2"), accessions(named), "the query names SPS Status SCHEDULED: expired E1 is returned too");
        for (Attributes a : named) {
            assertEquals("SCHEDULED", a.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus),
                    "reported with its status");
            assertFalse(a.contains(ItemState.STATE), "no private state in C-FIND answers");
        }
        assertEquals(List.of(), accessions(find("PatientName=EXPIRY^*", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=CANCELED")));
    }

    @Test
    void apiMarksExpiredItems() throws Exception {
        List<Attributes> items = DicomJson.readArray(engine.get("/api/worklist?patientId=PE1").body());
        assertEquals(1, items.size());
        Attributes e1 = items.get(0);
        assertEquals("RADBRIDGE", e1.getString(ItemState.PRIVATE_CREATOR));
        assertEquals("EXPIRED", e1.getString(ItemState.STATE));
        assertTrue(e1.getString(ItemState.EXPIRED_AT).matches("\\d{14}\\+0000"), e1.getString(ItemState.EXPIRED_AT));
        assertEquals("SCHEDULED", e1.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus));
        Attributes e2 = DicomJson.readArray(engine.get("/api/worklist?patientId=PE2").body()).get(0);
        assertNull(e2.getString(ItemState.STATE), "not expired: no mark");
        assertTrue(engine.get("/api/worklist?patientId=PE1").body().contains("\"00711001\""), "in the JSON as tag 00711001");
    }
}
