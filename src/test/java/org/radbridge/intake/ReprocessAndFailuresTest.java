package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/** Operator reprocess with its later-message guard, and after-store processing failures (state FAILED). */
class ReprocessAndFailuresTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The RIS order of scenario orm-o01-ris-change (NW, then XO), with control id {@code id}. */
    static String orm(String id, String control) throws java.io.IOException {
        String file = control.equals("NW") ? "01-new.hl7" : "02-change.hl7";
        String text = Files.readString(ProjectPaths.testMessages().resolve("orm-o01-ris-change").resolve(file),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.replaceFirst("\\|RIS-2001\\|", "|" + id + "|").replaceFirst("\\|RIS-2002\\|", "|" + id + "|");
    }

    static long idOf(TestEngine e, String controlId) throws Exception {
        return JSON.readTree(e.get("/api/messages?controlId=" + controlId).body()).get(0).path("id").asLong();
    }

    @Test
    void reprocessIsGuardedAgainstALaterMessageForTheSameOrder() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            assertEquals("AA", Hl7Text.field(e.send(orm("R1", "NW")), "MSA", 1));
            long first = idOf(e, "R1");
            var r = e.post("/api/messages/" + first + "/reprocess", null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("AA", Hl7Text.field(e.send(orm("R2", "XO")), "MSA", 1));
            r = e.post("/api/messages/" + first + "/reprocess", null);
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(JSON.readTree(r.body()).path("detail").asText().contains("later message"));
            r = e.post("/api/messages/" + first + "/reprocess?force=true", null);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode history = JSON.readTree(e.get("/api/messages/" + first).body()).path("history");
            assertEquals(2, history.findValuesAsText("kind").stream().filter("REPROCESSED"::equals).count());
            assertEquals(404, e.post("/api/messages/999999/reprocess", null).statusCode());
            JsonNode audit = JSON.readTree(e.get("/api/audit?type=OPERATOR_ACTION").body());
            assertEquals(4, audit.size(), audit.toString());
            assertEquals("admin", audit.get(0).path("principal").asText());
        }
    }

    @Test
    void afterStoreFailureGoesToFailedAfterTheAa() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        Path overlay = Files.createTempDirectory("overlay");
        try {
            try (var s = Files.list(ProjectPaths.project().resolve("routes"))) {
                for (Path p : s.toList()) {
                    Files.copy(p, routes.resolve(p.getFileName()));
                }
            }
            Files.writeString(routes.resolve("broken-flow.camel.yaml"), """
                    - route:
                        id: broken-flow
                        from:
                          uri: direct:broken-flow
                          steps:
                            - throwException:
                                exceptionType: java.lang.IllegalStateException
                                message: downstream mapping exploded
                    """);
            Files.createDirectories(overlay.resolve("codes"));
            Files.writeString(overlay.resolve("codes/message-flows.yaml"), "ORU^R01: [broken-flow]\n");
            try (TestEngine e = TestEngine.start(Map.of("radbridge.routes.dir", routes.toString(),
                    "radbridge.mappings.overlay-dir", overlay.toString()))) {
                String ack = e.send("MSH|^~\\&|DEMO_REPORTS|RAD|RB|RAD|20260101||ORU^R01|F1|P|2.5.1\rPID|1||P1\r"
                        + "OBR|1\rOBX|1|TX|R||text||||||F\r");
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), "after-store answers AA once journaled");
                JsonNode m = null;
                for (int i = 0; i < 100; i++) {
                    m = JSON.readTree(e.get("/api/messages?controlId=F1").body()).get(0);
                    if (m.path("state").asText().equals("FAILED")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals("FAILED", m.path("state").asText());
                assertEquals(1, JSON.readTree(e.get("/api/messages?status=FAILED").body()).size());
                assertTrue(e.get("/metrics").body().contains("radbridge_processing_failures_total{type=\"ORU^R01\"} 1"));
            }
        } finally {
            TestEngine.deleteTree(routes);
            TestEngine.deleteTree(overlay);
        }
    }
}
