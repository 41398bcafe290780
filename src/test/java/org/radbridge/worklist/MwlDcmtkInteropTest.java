package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * DCMTK 3.6.7 (echoscu, findscu -W) against the ENGINE's MWL SCP, fed with real HL7 orders over MLLP:
 * typical modality query (station AE + modality + today), patient-name wild cards, accession, patient ID,
 * combined date-time ranges, hidden cancelled steps, response character set per calling AE, C-CANCEL, and
 * a malformed PDU (A-ABORT, then the SCP keeps serving).
 */
@Timeout(300)
class MwlDcmtkInteropTest {

    static TestEngine engine;
    static final LocalDate TODAY = LocalDate.now();
    static final String D0 = TODAY.format(DateTimeFormatter.BASIC_ISO_DATE);
    static final String D1 = TODAY.plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);

    @TempDir
    Path dir;

    static OrderMessages.Spec spec(String acc, String pid, String name, String modality, String station, LocalDateTime start) {
        return new OrderMessages.Spec(pid, name, "19700101", "F", acc, "1.2.826.0.1.3680043.10.543.77." + acc.substring(1),
                "S" + acc, modality, station, station + "ROOM", "RAD-" + modality, start, "P" + modality,
                modality + " protocol", "T1&TECH&ANNA");
    }

    @BeforeAll
    static void start() throws Exception {
        Dcmtk.assumeAvailable("echoscu", "findscu");
        engine = TestEngine.start();
        List<OrderMessages.Spec> specs = List.of(
                spec("A1", "P1", "SMITH^JOHN", "CT", "CT01", TODAY.atTime(8, 0)),
                spec("A2", "P2", "SMITHSON^ANNA", "CT", "CT01", TODAY.atTime(10, 30)),
                spec("A3", "P3", "JONES^BOB", "CT", "CT01", TODAY.plusDays(1).atTime(9, 0)),
                spec("A4", "P4", "SMYTHE^CAROL", "CT", "CT02", TODAY.atTime(11, 0)),
                spec("A5", "P5", "MÜLLER^JÜRGEN", "MR", "MR01", TODAY.atTime(9, 0)),
                spec("A6", "P6", "GONE^GARY", "CT", "CT01", TODAY.atTime(12, 0)),
                spec("A7", "P7", "SOUND^SUE", "US", "US01", TODAY.atTime(14, 0)),
                spec("A8", "P8", "EARLY^ED", "CT", "CT01", TODAY.minusDays(1).atTime(9, 0)));
        try (MllpClient c = engine.client()) {
            int n = 0;
            for (OrderMessages.Spec s : specs) {
                String ack = new String(c.exchange(OrderMessages.omi("IOP-" + (++n), s, "NW", "SC").getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            }
            String ack = new String(c.exchange(OrderMessages.omi("IOP-CA", specs.get(5), "CA", "CA").getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static final String[] RETURN_KEYS = {
        "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime",
        "-k", "ScheduledProcedureStepSequence[0].Modality",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledPerformingPhysicianName",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepDescription",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
        "-k", "PatientName", "-k", "PatientID", "-k", "PatientBirthDate", "-k", "PatientSex", "-k", "AccessionNumber",
        "-k", "StudyInstanceUID", "-k", "RequestedProcedureID", "-k", "RequestedProcedureDescription",
        "-k", "ReferringPhysicianName", "-k", "PatientWeight"};

    /** findscu -W -X with the return keys plus the given matching keys; the response data sets. */
    List<Attributes> find(String callingAe, String... matching) throws Exception {
        List<String> args = new ArrayList<>(List.of("-W", "-X"));
        Set<String> given = new TreeSet<>();
        for (String m : matching) {
            args.add("-k");
            args.add(m);
            given.add(m.substring(0, m.indexOf('=')));
        }
        for (int i = 1; i < RETURN_KEYS.length; i += 2) {
            if (!given.contains(RETURN_KEYS[i])) {
                args.add("-k");
                args.add(RETURN_KEYS[i]);
            }
        }
        Path work = Files.createTempDirectory(dir, "q");
        Dcmtk.findscu(work, "127.0.0.1", engine.dicomPort(), callingAe, "RADBRIDGE", args.toArray(String[]::new)).assertOk("findscu");
        List<Attributes> out = new ArrayList<>();
        for (Path p : Dcmtk.responseFiles(work)) {
            out.add(DicomFile.read(p).dataset());
        }
        return out;
    }

    static Set<String> accessions(List<Attributes> rsp) {
        Set<String> s = new TreeSet<>();
        rsp.forEach(a -> s.add(a.getString(Tag.AccessionNumber)));
        return s;
    }

    @Test
    void echoscuSucceeds() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("127.0.0.1", engine.dicomPort(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu");
        assertTrue(r.all().contains("Received Echo Response (Success)"), r.all());
    }

    @Test
    void typicalModalityQueryStationModalityToday() throws Exception {
        List<Attributes> rsp = find("CT01", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT01",
                "ScheduledProcedureStepSequence[0].Modality=CT", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D0);
        assertEquals(Set.of("A1", "A2"), accessions(rsp), "A6 is cancelled (hidden), A3 tomorrow, A8 yesterday, A4 on CT02");
        Attributes a1 = rsp.get(0);
        assertEquals("SMITH^JOHN", a1.getString(Tag.PatientName));
        assertEquals("P1", a1.getString(Tag.PatientID));
        assertEquals("19700101", a1.getString(Tag.PatientBirthDate));
        assertEquals("1.2.826.0.1.3680043.10.543.77.1", a1.getString(Tag.StudyInstanceUID));
        assertEquals("RPA1", a1.getString(Tag.RequestedProcedureID));
        assertEquals("REQUESTED PROCEDURE", a1.getString(Tag.RequestedProcedureDescription));
        assertEquals("REFER^RITA", a1.getString(Tag.ReferringPhysicianName));
        assertTrue(a1.contains(Tag.PatientWeight) && !a1.containsValue(Tag.PatientWeight), "zero-length return key filled");
        Attributes sps = a1.getNestedItem(Tag.ScheduledProcedureStepSequence);
        assertEquals("CT01", sps.getString(Tag.ScheduledStationAETitle));
        assertEquals(D0, sps.getString(Tag.ScheduledProcedureStepStartDate));
        assertEquals("080000", sps.getString(Tag.ScheduledProcedureStepStartTime));
        assertEquals("TECH^ANNA", sps.getString(Tag.ScheduledPerformingPhysicianName));
        assertEquals("CT protocol", sps.getString(Tag.ScheduledProcedureStepDescription));
        assertEquals("SA1", sps.getString(Tag.ScheduledProcedureStepID));
        assertEquals("080000", rsp.get(0).getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStartTime),
                "answered in SPS start order");
    }

    @Test
    void patientNameWildcards() throws Exception {
        assertEquals(Set.of("A1", "A2"), accessions(find("CT01", "PatientName=SMI*")));
        assertEquals(Set.of("A1", "A2", "A4"), accessions(find("CT01", "PatientName=SM?TH*")));
        assertEquals(Set.of("A1", "A2"), accessions(find("CT01", "PatientName=smith*")), "case-insensitive person names");
        assertEquals(Set.of("A2"), accessions(find("CT01", "PatientName=*ANNA")));
    }

    @Test
    void accessionAndPatientId() throws Exception {
        assertEquals(Set.of("A4"), accessions(find("CT01", "AccessionNumber=A4")));
        assertEquals(Set.of("A7"), accessions(find("CT01", "PatientID=P7")));
        assertEquals(Set.of(), accessions(find("CT01", "PatientID=NOBODY")));
    }

    @Test
    void combinedDateTimeRanges() throws Exception {
        assertEquals(Set.of("A2", "A4", "A5"), accessions(find("CT01",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D0,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0900-1100")));
        // D0 09:00 to D1 09:30 as one range: today's 10:30, 11:00, 09:00, 14:00 and tomorrow's 09:00
        assertEquals(Set.of("A2", "A3", "A4", "A5", "A7"), accessions(find("CT01",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D0 + "-" + D1,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0900-0930")));
        assertEquals(Set.of("A3"), accessions(find("CT01", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D1 + "-")));
    }

    @Test
    void cancelledStepsAreHiddenUnlessAskedFor() throws Exception {
        assertEquals(Set.of(), accessions(find("CT01", "AccessionNumber=A6")));
        List<Attributes> rsp = find("CT01", "AccessionNumber=A6", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=CANCELED");
        assertEquals(Set.of("A6"), accessions(rsp));
    }

    @Test
    void responseCharacterSetPerCallingAe() throws Exception {
        Attributes utf8 = find("CT01", "PatientID=P5").get(0);
        assertEquals("ISO_IR 192", utf8.getString(Tag.SpecificCharacterSet));
        assertEquals("MÜLLER^JÜRGEN", utf8.getString(Tag.PatientName));
        Attributes latin1 = find("MR01", "PatientID=P5").get(0);
        assertEquals("ISO_IR 100", latin1.getString(Tag.SpecificCharacterSet));
        assertEquals("MÜLLER^JÜRGEN", latin1.getString(Tag.PatientName));
    }

    @Test
    void modalityWithoutStationGetsItsOwnWorklist() throws Exception {
        // US01 is configured with default-station "@calling": a query naming no station sees only US01's steps
        assertEquals(Set.of("A7"), accessions(find("US01", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D0)));
        assertTrue(accessions(find("CT01", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + D0)).size() > 1);
    }

    @Test
    void cCancelStopsTheResponses() throws Exception {
        try (TestEngine own = TestEngine.start(java.util.Map.of("radbridge.worklist.max-answers", "100000"))) {
            String ack = own.send(OrderMessages.omi("CC-1", spec("A1", "P1", "SMITH^JOHN", "CT", "CT01", TODAY.atTime(8, 0)), "NW", "SC"));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            WorklistService service = (WorklistService) own.app().engine().beans().get("worklistService");
            Attributes template = service.store().list(new WorklistStore.Filter(null, null, null, null, null, "P1", null, null, 1))
                    .get(0).dataset();
            int total = 3000;
            own.app().engine().context().db().writeAndWait(tx -> {
                for (int i = 0; i < total; i++) {
                    Attributes ds = template.copy();
                    ds.setString(Tag.StudyInstanceUID, org.radbridge.dicom.VR.UI, "1.2.826.0.1.3680043.10.543.88." + i);
                    ds.setString(Tag.AccessionNumber, org.radbridge.dicom.VR.SH, "BULK" + i);
                    service.save(tx, WorklistItem.of("P1^HOSP", null, "PROC^LOCAL", ds), null);
                }
                return null;
            });
            Path work = Files.createTempDirectory(dir, "cancel");
            List<String> args = new ArrayList<>(List.of("-W", "-X", "--cancel", "3", "-k", "PatientID=P1"));
            for (int i = 1; i < RETURN_KEYS.length; i += 2) {
                if (!RETURN_KEYS[i].equals("PatientID")) {
                    args.add("-k");
                    args.add(RETURN_KEYS[i]);
                }
            }
            Dcmtk.Result r = Dcmtk.findscu(work, "127.0.0.1", own.dicomPort(), "CT01", "RADBRIDGE", args.toArray(String[]::new))
                    .assertOk("findscu --cancel 3");
            assertTrue(r.all().contains("Received Final Find Response (Cancel"), r.all());
            int files = Dcmtk.responseFiles(work).size();
            assertTrue(files >= 3 && files < total / 2, files + " responses of " + (total + 1));
            // the SCP answers the next query in full
            Dcmtk.findscu(work, "127.0.0.1", own.dicomPort(), "CT01", "RADBRIDGE", "-W", "-k", "AccessionNumber=A1",
                    "-k", "PatientName").assertOk("findscu after cancel");
        }
    }

    @Test
    void malformedPduIsAbortedAndTheScpKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", engine.dicomPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("\u0016\u0003\u0001garbage, not a PDU".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertArrayEquals(HexFormat.of().parseHex("07000000000400000201"), s.getInputStream().readAllBytes(),
                    "A-ABORT, source service-provider, reason unrecognized PDU");
        }
        Dcmtk.echoscu("127.0.0.1", engine.dicomPort(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu after garbage");
        assertEquals(Set.of("A1"), accessions(find("CT01", "AccessionNumber=A1")));
    }
}
