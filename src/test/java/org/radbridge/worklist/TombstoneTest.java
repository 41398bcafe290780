package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * A sender with worklist.unknown-order: tombstone (set through a site overlay of peers/hl7-senders.yaml): a
 * cancel that overtakes its order creates the step as CANCELED, and the late NW leaves it cancelled.
 */
@Timeout(120)
class TombstoneTest {

    @Test
    void cancelBeforeNewOrderLeavesATombstone(@TempDir Path overlay) throws Exception {
        String senders = Files.readString(ProjectPaths.project().resolve("mappings/peers/hl7-senders.yaml"))
                .replace("  - name: demo-ris\n", "  - name: demo-ris-tombstone\n    application: DEMO_RIS\n    facility: \"*\"\n"
                        + "    role: ris\n    options:\n      worklist:\n        unknown-order: tombstone\n  - name: demo-ris\n");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"), senders);
        OrderMessages.Spec s = new OrderMessages.Spec("PT1", "LATE^LUKE", "19800101", "M", "T1", "1.2.826.0.1.3680043.10.543.33.1",
                "ST1", "CT", "CT01", "ROOM", "LOC", LocalDateTime.of(2026, 12, 1, 9, 0), "P1", "Protocol", "");
        try (TestEngine e = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString()))) {
            String ca = e.send(OrderMessages.omi("TS-CA", s, "CA", "CA"));
            assertEquals("AA", Hl7Text.field(ca, "MSA", 1), ca);
            String nw = e.send(OrderMessages.omi("TS-NW", s, "NW", "SC"));
            assertEquals("AA", Hl7Text.field(nw, "MSA", 1), nw);
            List<Attributes> items = DicomJson.readArray(e.get("/api/worklist").body());
            assertEquals(1, items.size());
            assertEquals("CANCELED", items.get(0).getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus));
            assertTrue(e.get("/api/messages?controlId=TS-NW").body().contains("PROCESSED"));
            long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.get("/api/messages?controlId=TS-NW").body()).get(0)
                    .path("id").asLong();
            assertTrue(e.get("/api/messages/" + id).body().contains("tombstone"), "the journal entry says why");
        }
    }
}
