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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * Dry run (docs/site-adaptation.md, "Dry run (explain)"): bin/radbridge explain and POST /api/explain print what the
 * flows would produce from an order with two procedures (both accessions, in the worklist items and the FHIR Bundle)
 * and commit nothing: the data directory stays as it was (no database file), and a running engine's journal,
 * outbox, worklist and receipt audit records stay empty.
 */
@Timeout(180)
class ExplainTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void explainCommandPrintsBothAccessionsAsJsonAndWritesNothing() throws Exception {
        Path tmp = Files.createTempDirectory("explain-test");
        try {
            Path data = Files.createDirectories(tmp.resolve("data"));
            Files.writeString(data.resolve("marker.txt"), "untouched");
            Path config = tmp.resolve("radbridge.properties");
            Files.writeString(config, "radbridge.data-dir=" + data + "\n"
                    + "radbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings") + "\n"
                    + "radbridge.routes.dir=" + ProjectPaths.project().resolve("routes") + "\n"
                    + "radbridge.fhir.url=http://127.0.0.1:9/fhir\n");
            Path message = tmp.resolve("order.hl7");
            Files.writeString(message, ExplainMessages.TWO_PROCEDURES.replace('\r', '\n'), StandardCharsets.ISO_8859_1);
            List<Path> before = tree(data);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = new CommandLine(new RadBridgeCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("explain", "--config", config.toString(), message.toString());
            assertEquals(0, rc, err.toString());
            JsonNode r = JSON.readTree(out.toString()); // only JSON on stdout
            assertEquals("AA", r.path("answer").path("code").asText(), r.toString());
            assertEquals(List.of("order-to-worklist", "order-to-fhir"), strings(r.path("flows")));
            List<String> accessions = new ArrayList<>();
            r.path("worklist").forEach(item -> accessions.add(item.path("00080050").path("Value").path(0).asText()));
            assertEquals(List.of("ACC7001", "ACC7002"), accessions, "one worklist item per procedure, as DICOM JSON");
            assertEquals(1, r.path("fhir").size(), "one transaction Bundle");
            String bundle = r.path("fhir").get(0).toString();
            assertTrue(bundle.contains("ACC7001") && bundle.contains("ACC7002"), bundle);
            assertEquals("transaction", r.path("fhir").get(0).path("type").asText());
            assertEquals(0, r.path("hl7").size());
            assertTrue(r.path("answer").path("ack").asText().contains("MSA|AA|RIS-7001"));

            assertEquals(before, tree(data), "the data directory is untouched: no database, no outbox file");
        } finally {
            TestEngine.deleteTree(tmp);
        }
    }

    /** As a process (what bin/radbridge runs): standard output is the JSON document alone, the logs are on standard error. */
    @Test
    void explainProcessPrintsOnlyJsonOnStandardOutput() throws Exception {
        Path tmp = Files.createTempDirectory("explain-process");
        try {
            Path message = tmp.resolve("order.hl7");
            Files.writeString(message, ExplainMessages.TWO_PROCEDURES, StandardCharsets.ISO_8859_1);
            Path stdout = tmp.resolve("stdout");
            Path stderr = tmp.resolve("stderr");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Dradbridge.data-dir=" + tmp.resolve("data"),
                    "-Dradbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings"),
                    "-Dradbridge.routes.dir=" + ProjectPaths.project().resolve("routes"),
                    "org.radbridge.cli.RadBridgeCli", "explain", message.toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "explain finished");
            assertEquals(0, p.exitValue(), Files.readString(stderr));
            JsonNode r = JSON.readTree(Files.readString(stdout)); // the whole of stdout is one JSON document
            assertEquals(2, r.path("worklist").size());
            assertTrue(!Files.readString(stderr).contains(" INFO "), "the dry-run engine's start-up is not logged: " + Files.readString(stderr));
            assertTrue(!Files.exists(tmp.resolve("data")), "the data directory is not even created");
        } finally {
            TestEngine.deleteTree(tmp);
        }
    }

    @Test
    void apiExplainAnswersTheSameAndTheRunningEngineCommitsNothing() throws Exception {
        try (TestEngine engine = TestEngine.start()) {
            var resp = engine.request("POST", "/api/explain", ExplainMessages.TWO_PROCEDURES.replace('\r', '\n'), TestEngine.ADMIN_TOKEN);
            assertEquals(200, resp.statusCode(), resp.body());
            JsonNode r = JSON.readTree(resp.body());
            assertEquals("AA", r.path("answer").path("code").asText(), resp.body());
            assertEquals(2, r.path("worklist").size());
            assertTrue(r.path("fhir").get(0).toString().contains("ACC7002"));

            assertEquals("[ ]", compact(engine.get("/api/messages").body()), "no journal entry");
            assertEquals("[ ]", compact(engine.get("/api/outbox").body()), "no outbox entry");
            assertEquals(0, JSON.readTree(engine.get("/api/worklist").body()).size(), "no worklist item");
            JdbcAuditTrail audit = (JdbcAuditTrail) engine.app().engine().context().audit();
            assertTrue(audit.list(null, null, null, null, 1_000_000).stream()
                    .noneMatch(s -> AuditEvent.RECEIPT.equals(s.event().type())), "no receipt audited");
            try (Stream<Path> s = Files.walk(engine.dataDir().resolve("outbox"))) {
                assertEquals(0, s.filter(Files::isRegularFile).count(), "no outbox file");
            } catch (java.nio.file.NoSuchFileException e) {
                // no outbox folder at all
            }

            // a refusal is shown with its reason, and still nothing is kept
            String noPid = ExplainMessages.TWO_PROCEDURES.replace("PAT7001^^^HOSP^MR", "");
            JsonNode refused = JSON.readTree(engine.request("POST", "/api/explain", noPid, TestEngine.ADMIN_TOKEN).body());
            assertEquals("AE", refused.path("answer").path("code").asText(), refused.toString());
            assertEquals("PID-3", refused.path("answer").path("location").asText().replaceAll("\\[.*", ""), refused.toString());
            assertEquals(0, refused.path("worklist").size());
            assertEquals("[ ]", compact(engine.get("/api/messages").body()), "no journal entry for the refusal either");

            // a report: the outbound HL7 as the EMR would receive it (the scenario's golden file; MSH-10 generated per entry)
            Path report = ProjectPaths.testMessages().resolve("oru-r01-report");
            JsonNode oru = JSON.readTree(engine.request("POST", "/api/explain", Files.readString(report.resolve("message.hl7"),
                    StandardCharsets.ISO_8859_1), TestEngine.ADMIN_TOKEN).body());
            assertEquals(List.of("report-to-emr", "report-to-fhir"), strings(oru.path("flows")));
            assertEquals(1, oru.path("hl7").size(), oru.toString());
            assertEquals("emr", oru.path("hl7").get(0).path("destination").asText());
            assertEquals(Files.readString(report.resolve("expected").resolve("out-emr.hl7"), StandardCharsets.UTF_8),
                    oru.path("hl7").get(0).path("message").asText().strip() + "\n");
            assertEquals(1, oru.path("fhir").size());
            assertEquals("[ ]", compact(engine.get("/api/outbox").body()), "still no outbox entry");

            // the same message sent for real is answered as explained
            String ack = engine.send(ExplainMessages.TWO_PROCEDURES);
            assertTrue(ack.contains("MSA|AA|RIS-7001"), ack);
            assertEquals(2, JSON.readTree(engine.get("/api/worklist").body()).size());
        }
    }

    private static String compact(String json) throws Exception {
        return JSON.readTree(json).toPrettyString();
    }

    private static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).sorted().toList();
        }
    }
}
