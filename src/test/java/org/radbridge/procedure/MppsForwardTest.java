package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.Ports;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * PPS Manager forwarding (IHE RAD-6/7) to a second DICOM SCP, dcmjs-dimse as the PACS: the N-CREATE and every N-SET
 * arrive in order with the modality's SOP Instance UID and attributes — also when the PACS is down while the modality
 * sends (the modality is answered 0000 all the same; the outbox retries and delivers once the PACS is back) — and
 * each transmission is audited.
 */
class MppsForwardTest {

    private static final String UID = "1.2.826.0.1.3680043.10.543.99001";

    @Test
    void forwardsInOrderAlsoAfterThePacsWasDown(@TempDir Path overlay) throws Exception {
        int port = Ports.free();
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve(MppsForwarding.FILE), "destinations:\n"
                + "  - name: mpps-pacs\n    ae-title: PACS\n    address: 127.0.0.1:" + port + "\n    from: [CT01]\n");
        try (TestEngine e = TestEngine.start(MppsScenarios.props(null, overlay))) {
            MppsScenarios.sendOrders(e, Scenarios.dir("mpps-scheduled"));
            // the PACS is down: the modality's requests are accepted anyway
            Map<String, Object> progress = MppsRefusalTest.set(UID, "IN PROGRESS");
            ((Map<String, Object>) progress.get("dataset")).put("PerformedProcedureStepDescription", "CT Chest (updated)");
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(
                    MppsRefusalTest.create(UID), progress, MppsRefusalTest.set(UID, "COMPLETED")));
            assertEquals(3, r.size(), r.toString());
            r.forEach(n -> assertEquals(0, n.path("status").asInt(), r.toString()));
            assertTrue(awaitRetrying(e, 20_000), "the forward is retried while the PACS is down");
            try (DcmjsDimse.Scp pacs = DcmjsDimse.scp("PACS", 0, port)) {
                List<JsonNode> got = pacs.await(3, 30_000);
                assertEquals(3, got.size(), got.toString());
                assertEquals(List.of("ncreate", "nset", "nset"), ops(got));
                for (JsonNode g : got) {
                    assertEquals(UID, g.path("sopInstance").asText(), g.toString());
                    assertEquals("RADBRIDGE", g.path("callingAe").asText(), g.toString());
                }
                assertEquals("IN PROGRESS", g(got.get(0), "PerformedProcedureStepStatus"));
                assertEquals("PPS91001", g(got.get(0), "PerformedProcedureStepID"));
                assertEquals("1.2.826.0.1.3680043.10.543.1001", got.get(0).path("dataset").path("ScheduledStepAttributesSequence")
                        .path(0).path("StudyInstanceUID").asText(), got.get(0).toString());
                assertEquals("CT Chest (updated)", g(got.get(1), "PerformedProcedureStepDescription"));
                assertEquals("COMPLETED", g(got.get(2), "PerformedProcedureStepStatus"));
                assertTrue(MppsScenarios.awaitDrained(e, "mpps-pacs", 20_000));
                // a second MPPS while the PACS runs goes straight through; a modality not in "from" is not forwarded
                DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(MppsRefusalTest.create(UID + ".2")));
                DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "MR01", "RADBRIDGE", List.of(MppsRefusalTest.create(UID + ".3")));
                List<JsonNode> more = pacs.await(4, 20_000);
                assertTrue(MppsScenarios.awaitDrained(e, "mpps-pacs", 20_000));
                Waits.holds("no further forward", Duration.ofMillis(300), () -> pacs.received().size() == 4);
                assertEquals(4, pacs.received().size(), more.toString());
                assertEquals(UID + ".2", pacs.received().get(3).path("sopInstance").asText());
            }
            JsonNode audit = MppsScenarios.get(e, "/api/audit?type=TRANSMISSION_OUTCOME&limit=1000");
            int delivered = 0;
            int failed = 0;
            for (JsonNode a : audit) {
                if (a.toString().contains("mpps-pacs")) {
                    if ("SUCCESS".equals(a.path("outcome").asText())) {
                        delivered++;
                    } else {
                        failed++;
                    }
                }
            }
            assertEquals(4, delivered, audit.toString());
            assertTrue(failed >= 1, "the attempts while the PACS was down are audited as failures");
        }
    }

    private static String g(JsonNode received, String keyword) {
        return received.path("dataset").path(keyword).asText();
    }

    private static List<String> ops(List<JsonNode> got) {
        List<String> out = new ArrayList<>();
        got.forEach(g -> out.add(g.path("op").asText()));
        return out;
    }

    private static boolean awaitRetrying(TestEngine e, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (JsonNode n : MppsScenarios.get(e, "/api/outbox?destination=mpps-pacs&limit=100")) {
                if (n.path("attempts").asInt() >= 2 && !n.path("state").asText().equals("DONE")) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }
}
