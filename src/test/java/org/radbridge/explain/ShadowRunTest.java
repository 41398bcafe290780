package org.radbridge.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.mllp.MllpClient;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.Golden;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * Shadow run (docs/site-adaptation.md, "Shadow run"): with a candidate folder that changes one MWL attribute, orders sent
 * to a real engine over MLLP get a durable report naming the changed field with both values (GET /api/shadow/{id}, and
 * bin/radbridge shadow-report), a message the change does not touch gets a report without difference, and the live
 * effects are unchanged: the worklist and the FHIR Bundle match the scenario's golden files.
 */
@Timeout(300)
class ShadowRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FIELD = "worklist[0].RequestedProcedureDescription (0032,1060)";

    @Test
    void aCandidateMappingIsReportedOnLiveTrafficAndChangesNothingLive() throws Exception {
        Path tmp = Files.createTempDirectory("shadow-test");
        Path shadow = Files.createDirectories(tmp.resolve("candidate").resolve("hl7-to-mwl"));
        String yaml = Files.readString(ProjectPaths.project().resolve("mappings/hl7-to-mwl/orm-o01.yaml"));
        Files.writeString(shadow.resolve("orm-o01.yaml"), yaml.replace("    from: [OBR-44.2, OBR-4.2]", "    from: [OBR-4.5, OBR-4.2]"));
        Path data = tmp.resolve("data");
        Path order = Scenarios.dir("orm-o01-ris-new-ct");
        Path other = Scenarios.dir("omg-o19-emr-order");
        long orderId;
        long otherId;
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.data-dir", data.toString(),
                "radbridge.mappings.shadow-dir", shadow.getParent().toString()))) {
            try (MllpClient c = engine.client()) {
                String ack = new String(c.exchange(Files.readAllBytes(order.resolve("message.hl7"))), StandardCharsets.ISO_8859_1);
                assertTrue(ack.contains("MSA|AA"), ack);
                ack = new String(c.exchange(Files.readAllBytes(other.resolve("message.hl7"))), StandardCharsets.ISO_8859_1);
                assertTrue(ack.contains("MSA|AA"), ack);
            }
            orderId = journalId(engine, "RIS-1001");
            otherId = journalId(engine, "EMR-5001");

            JsonNode report = awaitReport(engine, orderId);
            assertEquals(1, report.path("differences").asInt(), report.path("changes").toString());
            JsonNode change = report.path("changes").get(0);
            assertEquals(FIELD, change.path("field").asText());
            assertEquals("CT CHEST W/O CONTRAST", change.path("live").asText());
            assertEquals("CT Chest without contrast", change.path("shadow").asText());
            assertEquals("AA", report.path("shadow").path("answer").path("code").asText());
            assertEquals(0, awaitReport(engine, otherId).path("differences").asInt(), "an OMG^O19 is not touched by orm-o01.yaml");

            JsonNode list = JSON.readTree(engine.get("/api/shadow?changed=true").body());
            assertTrue(list.path("enabled").asBoolean());
            assertEquals(1, list.path("reports").size(), list.toString());
            assertEquals(List.of(FIELD), List.of(list.path("reports").get(0).path("fields").get(0).asText()));

            // the live effects are those of the live mappings: the golden files of the scenario
            Golden.assertMatches(order.resolve("expected").resolve("mwl.json"),
                    engine.get("/api/worklist?accession=ACC1001").body());
            List<OutboxEntry> bundles = engine.app().engine().context().outbox().list("fhir", null, orderId, 10);
            assertEquals(1, bundles.size());
            Golden.assertMatches(order.resolve("expected").resolve("fhir-message.json"), FhirJson.pretty(FhirJson.parse(bundles.get(0).payload())));

            // rebuilt after the files changed (what a configuration reload does): the candidate now equals the live mapping
            Files.writeString(shadow.resolve("orm-o01.yaml"), yaml);
            engine.app().engine().context().<ShadowRun>bean("shadowRun").rebuild();
            String ack = engine.send(Files.readAllBytes(Scenarios.dir("orm-o01-ris-latin1-name").resolve("message.hl7")));
            assertTrue(ack.contains("MSA|AA"), ack);
            long latin1 = JSON.readTree(engine.get("/api/messages?type=ORM%5EO01&limit=1").body()).get(0).path("id").asLong();
            assertEquals(0, awaitReport(engine, latin1).path("differences").asInt(), "after the rebuild: no difference");

            // the command line reads the same reports from the running engine
            Path tokenFile = tmp.resolve("token");
            Files.writeString(tokenFile, TestEngine.ADMIN_TOKEN + "\n");
            String url = "http://127.0.0.1:" + engine.httpPort();
            String listed = cli("shadow-report", "--url", url, "--token-file", tokenFile.toString());
            assertTrue(listed.contains(orderId + "  ") && listed.contains("1 difference(s): " + FIELD), listed);
            assertTrue(!listed.contains(otherId + "  "), "without --all only messages with a difference: " + listed);
            String one = cli("shadow-report", "--url", url, "--token-file", tokenFile.toString(), String.valueOf(orderId));
            assertTrue(one.contains("  " + FIELD + "\n    live:   CT CHEST W/O CONTRAST\n    shadow: CT Chest without contrast"), one);
        }
        // durable: the reports outlive the engine (restarted on the same data, shadow run off)
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.data-dir", data.toString()))) {
            var r = engine.get("/api/shadow/" + orderId);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(FIELD, JSON.readTree(r.body()).path("changes").get(0).path("field").asText());
            assertTrue(!JSON.readTree(engine.get("/api/shadow").body()).path("enabled").asBoolean());
        } finally {
            TestEngine.deleteTree(tmp);
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new RadBridgeCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertEquals(0, rc, err.toString());
        return out.toString();
    }

    private static long journalId(TestEngine engine, String controlId) throws Exception {
        JsonNode l = JSON.readTree(engine.get("/api/messages?controlId=" + controlId).body());
        assertEquals(1, l.size(), l.toString());
        return l.get(0).path("id").asLong();
    }

    private static JsonNode awaitReport(TestEngine engine, long id) throws Exception {
        org.radbridge.testing.Waits.until("the shadow report of journal entry " + id, java.time.Duration.ofSeconds(60), () -> {
            var r = engine.get("/api/shadow/" + id);
            assertEquals(r.statusCode() == 200 ? 200 : 404, r.statusCode(), r.body());
            return r.statusCode() == 200;
        });
        return JSON.readTree(engine.get("/api/shadow/" + id).body());
    }
}
