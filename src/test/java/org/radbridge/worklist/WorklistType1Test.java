package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * Issue 11 item 13: Modality (0008,0060) and Scheduled Station AE Title (0040,0001) are Type 1 in the SPS
 * (PS3.4 Table K.6-1). An order that would give a served step without them is refused AE at the field to fix;
 * a configured station-routing default routes it instead; an item that lacks them anyway is neither served by
 * C-FIND nor exported, and counted (radbridge_worklist_incomplete_items). A cancel that repeats no OBR-24 keeps
 * the step's modality and station.
 */
@Timeout(300)
class WorklistType1Test {

    static TestEngine engine;
    static Path export;

    @BeforeAll
    static void start() throws Exception {
        export = Files.createTempDirectory("wl-type1");
        engine = TestEngine.start(Map.of("radbridge.worklist.export-dir", export.toString(), "radbridge.worklist.export-layout", "flat",
                "radbridge.outbox.poll-ms", "50"));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        TestEngine.deleteTree(export);
    }

    /** An EMR order (ORM^O01 v2.4) with OBR-24 = {@code section}. */
    static String orm(String id, String orc1, String section) {
        return String.join("\r",
                "MSH|^~\\&|DEMO_EMR|MAINHOSP|RADBRIDGE|RAD|20261201101500||ORM^O01|" + id + "|P|2.4",
                "PID|1||P" + id + "^^^HOSP^MR||TYPE^ONE||19551122|M",
                "PV1|1|O|RAD^CT1^^HOSP",
                "ORC|" + orc1 + "|PLC" + id + "^DEMO_EMR|||||^^^20261202080000^^R||20261201101500",
                "OBR|1|PLC" + id + "^DEMO_EMR||73610^XR ANKLE^C4|||20261201101500|||||||||2222^HOUSE^GREGORY^^^DR||||||||"
                        + section) + "\r";
    }

    static List<Attributes> items(String patientId) throws Exception {
        return DicomJson.readArray(engine.get("/api/worklist?patientId=" + patientId).body());
    }

    @Test
    void emptyObr24IsRefusedAtObr24WithCode101() throws Exception {
        String ack = engine.send(orm("T1-EMPTY", "NW", ""));
        assertEquals("AE", Hl7Text.field(ack, "MSA", 1), ack);
        assertEquals("OBR^1^24^101&Required field missing&HL70357", Hl7Text.field(ack, "ERR", 1), ack);
        assertTrue(ack.contains("OBR-24 is empty: no Modality"), ack);
        assertEquals(List.of(), items("PT1-EMPTY"), "nothing scheduled");
    }

    @Test
    void modalityWithoutAStationIsRefusedAtObr24WithCode103() throws Exception {
        for (String m : List.of("ZZ", "OT")) {
            String ack = engine.send(orm("T1-" + m, "NW", m));
            assertEquals("AE", Hl7Text.field(ack, "MSA", 1), ack);
            assertEquals("OBR^1^24^103&Table value not found&HL70357", Hl7Text.field(ack, "ERR", 1), ack);
            assertTrue(ack.contains("no station for modality " + m), ack);
            assertEquals(List.of(), items("PT1-" + m), "nothing scheduled for " + m);
        }
    }

    @Test
    void omiWithoutIpc9IsRefusedAtIpc9() throws Exception {
        OrderMessages.Spec s = new OrderMessages.Spec("PT1-IPC", "TYPE^IPC", "19700101", "F", "T1IPC", "1.2.826.0.1.3680043.10.543.91.1",
                "ST1IPC", "ZZ", "", "ROOM", "LOC", java.time.LocalDateTime.of(2026, 12, 2, 8, 0), "P", "Protocol", "");
        String ack = engine.send(OrderMessages.omi("T1-IPC", s, "NW", "SC"));
        assertEquals("AE", Hl7Text.field(ack, "MSA", 1), ack);
        assertTrue(Hl7Text.field(ack, "ERR", 2).startsWith("IPC^1^9"), ack);
        assertEquals(List.of(), items("PT1-IPC"));
    }

    @Test
    void cancelWithoutObr24KeepsTheStepsModalityAndStation() throws Exception {
        String ack = engine.send(orm("T1-CA", "NW", "CT"));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        ack = engine.send(orm("T1-CA", "CA", ""));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), "a cancel is never refused for a missing OBR-24: " + ack);
        Attributes sps = items("PT1-CA").get(0).getNestedItem(Tag.ScheduledProcedureStepSequence);
        assertEquals("CANCELED", sps.getString(Tag.ScheduledProcedureStepStatus));
        assertEquals("CT", sps.getString(Tag.Modality));
        assertEquals("CT01", sps.getString(Tag.ScheduledStationAETitle));
    }

    @Test
    void incompleteItemsAreNeitherServedNorExportedButCounted() throws Exception {
        Dcmtk.assumeAvailable("findscu");
        String ack = engine.send(orm("T1-OLD", "NW", "CT"));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        WorklistService service = (WorklistService) engine.app().engine().beans().get("worklistService");
        Attributes template = service.store().list(new WorklistStore.Filter(null, null, null, null, null, "PT1-OLD", null, null, 1))
                .get(0).dataset();
        // items as the old code stored them: zero-length Modality / Scheduled Station AE Title
        String[] studies = {"1.2.826.0.1.3680043.10.543.92.1", "1.2.826.0.1.3680043.10.543.92.2"};
        engine.app().engine().context().db().writeAndWait(tx -> {
            for (int i = 0; i < 2; i++) {
                Attributes ds = template.copy();
                ds.setString(Tag.StudyInstanceUID, VR.UI, studies[i]);
                ds.getNestedItem(Tag.ScheduledProcedureStepSequence).setNull(i == 0 ? Tag.Modality : Tag.ScheduledStationAETitle,
                        i == 0 ? VR.CS : VR.AE);
                service.save(tx, WorklistItem.of("PT1-OLD^HOSP", null, "73610^C4", ds), null);
            }
            return null;
        });
        String complete = WorklistExport.fileName(template.getString(Tag.StudyInstanceUID),
                template.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID));
        awaitFile(complete);
        // the export entries of the incomplete items are delivered (they come after the complete one's), no file
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !engine.get("/metrics").body().contains("radbridge_worklist_incomplete_items 2")) {
            Thread.sleep(50);
        }
        assertTrue(engine.get("/metrics").body().contains("radbridge_worklist_incomplete_items 2"), "counted");
        awaitOutboxIdle();
        try (var files = Files.list(export)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains(complete), names.toString());
            for (String s : studies) {
                assertFalse(names.stream().anyMatch(n -> n.startsWith(s)), "no .wl for incomplete " + s + ": " + names);
            }
        }
        Path work = Files.createTempDirectory(export.getParent(), "t1-find");
        try {
            Dcmtk.findscu(work, "127.0.0.1", engine.dicomPort(), "FINDSCU", "RADBRIDGE", "-W", "-X", "-k", "PatientID=PT1-OLD",
                    "-k", "StudyInstanceUID", "-k", "ScheduledProcedureStepSequence[0].Modality").assertOk("findscu");
            List<Path> rsp = Dcmtk.responseFiles(work);
            assertEquals(1, rsp.size(), "only the complete item is served");
        } finally {
            TestEngine.deleteTree(work);
        }
    }

    static void awaitFile(String name) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(export.resolve(name))) {
            Thread.sleep(25);
        }
        assertTrue(Files.exists(export.resolve(name)), name);
    }

    /** Waits until the export destination has no unfinished entries (radbridge_outbox_depth, absent when none). */
    static void awaitOutboxIdle() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            String m = engine.get("/metrics").body();
            boolean pending = java.util.Arrays.stream(m.split("\n"))
                    .anyMatch(l -> l.startsWith("radbridge_outbox_depth{destination=\"worklist-export\"}") && !l.endsWith(" 0"));
            if (!pending) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the .wl export did not finish within 20 s: " + java.util.Arrays.stream(engine.get("/metrics").body()
                .split("\n")).filter(l -> l.contains("worklist-export")).toList());
    }
}
