package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Golden;
import org.radbridge.testing.HapiCheck;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/** Flow report-to-emr end to end: ORU^R01 in over MLLP, out to a real MLLP receiver (or the file outbox). */
@Timeout(120)
class ReportToEmrTest {

    static final Path SCENARIO = Scenarios.dir("oru-r01-report");
    static final Path GOLDEN = SCENARIO.resolve("expected").resolve("out-emr.hl7");

    static void sendScenario(TestEngine engine) throws Exception {
        try (MllpClient c = engine.client()) {
            for (Path p : Scenarios.prerequisites(SCENARIO)) {
                c.exchange(Files.readAllBytes(p));
            }
            for (Path p : Scenarios.messages(SCENARIO)) {
                String ack = new String(c.exchange(Files.readAllBytes(p)), StandardCharsets.ISO_8859_1);
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            }
        }
    }

    @Test
    void reportReachesTheEmrExactlyAsTheGoldenFileSays() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start();
                TestEngine engine = TestEngine.start(Outbound.engineProps(emr.address(), null, null))) {
            sendScenario(engine);
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(20)), "the EMR got the report");
            String sent = emr.received().get(0).text();
            Golden.assertMatches(GOLDEN, Outbound.mask(sent));
            String original = Files.readString(SCENARIO.resolve("message.hl7"), StandardCharsets.ISO_8859_1);
            String inputProblem = HapiCheck.problem(original);
            assertEquals(inputProblem == null ? List.of() : List.of(Hl7Text.field(sent, "MSH", 10) + ": " + inputProblem),
                    emr.hapiErrors(), "HAPI finds in what the EMR receives nothing but what it finds in what the RIS sent");
            assertTrue(sent.contains("OBX|2|TX|19005-8^Radiology Imaging study [Impression]^LN||IMPRESSION: Normal CT chest \\T\\ mediastinum."),
                    "OBX text with its escape sequence, untouched");

            assertTrue(Outbound.awaitDrained(engine, "emr", 5000));
            JsonNode entry = Outbound.get(engine, "/api/outbox?destination=emr").get(0);
            assertEquals("DONE", entry.path("state").asText());
            assertEquals(entry.path("controlId").asText(), Hl7Text.field(sent, "MSH", 10), "MSH-10 is the entry's control id");
            assertEquals("PAT1001^HOSP", entry.path("orderingKey").asText(), "ordered by patient");
            JsonNode journal = Outbound.get(engine, "/api/messages/" + entry.path("messageId").asLong());
            assertEquals("ORU^R01", journal.path("type").asText());
            assertEquals("after-store", journal.path("ackMode").asText(), "DEMO_REPORTS is an after-store sender");
            assertTrue(journal.path("history").toString().contains("ORU^R01 queued for emr"), journal.path("history").toString());

            String id = entry.path("id").asText();
            JsonNode attempts = Outbound.get(engine, "/api/audit?type=TRANSMISSION_ATTEMPT");
            JsonNode outcomes = Outbound.get(engine, "/api/audit?type=TRANSMISSION_OUTCOME");
            assertTrue(stream(attempts).anyMatch(a -> a.path("objectId").asText().equals(id)
                    && a.path("detail").asText().contains("\"destination\":\"emr\"")), attempts.toString());
            assertTrue(stream(outcomes).anyMatch(a -> a.path("objectId").asText().equals(id)
                    && a.path("outcome").asText().equals("SUCCESS")), outcomes.toString());
            long attemptSeq = stream(attempts).filter(a -> a.path("objectId").asText().equals(id)).findFirst().get().path("seq").asLong();
            long outcomeSeq = stream(outcomes).filter(a -> a.path("objectId").asText().equals(id)).findFirst().get().path("seq").asLong();
            assertTrue(attemptSeq < outcomeSeq, "the attempt is recorded before the outcome");

            String metrics = engine.get("/metrics").body();
            assertTrue(metrics.contains("radbridge_outbox_depth{destination=\"emr\"} 0"), metrics);
            assertTrue(metrics.contains("radbridge_outbox_dead_letters{destination=\"emr\"} 0"), metrics);
            assertTrue(metrics.contains("radbridge_hl7_out_replies_total{destination=\"emr\",reply=\"AA\"} 1"), metrics);
        }
    }

    @Test
    void withoutAnAddressTheReportGoesToTheFileOutboxInTheSameForm() throws Exception {
        try (TestEngine engine = TestEngine.start(Outbound.engineProps(null, null, null))) {
            sendScenario(engine);
            Path dir = engine.dataDir().resolve("outbox").resolve("emr");
            assertTrue(Outbound.awaitDrained(engine, "emr", 20000));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith("-oru-r01.hl7")).toList();
            }
            assertEquals(1, files.size(), files.toString());
            Golden.assertMatches(GOLDEN, Outbound.mask(Files.readString(files.get(0), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void afterCommitSenderHasTheEntryQueuedBeforeItsAck() throws Exception {
        try (TestEngine engine = TestEngine.start(Outbound.engineProps(null, null, null))) {
            // DEMO_RIS is an after-commit sender: the outbox entry is committed with the journal entry, before the AA
            engine.app().engine().context().outbox(); // engine is up
            String ack = engine.send(Outbound.report("DEMO_RIS", "PAT7001", 1));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            JsonNode entries = Outbound.get(engine, "/api/outbox?destination=emr");
            assertEquals(1, entries.size(), "queued in the message's transaction");
            JsonNode journal = Outbound.get(engine, "/api/messages/" + entries.get(0).path("messageId").asLong());
            assertEquals("after-commit", journal.path("ackMode").asText());
            assertEquals("PROCESSED", journal.path("state").asText());
        }
    }

    @Test
    void filteredReportIsAcknowledgedAndNotedButNotForwarded() throws Exception {
        try (TestEngine engine = TestEngine.start(Outbound.engineProps(null, null, null))) {
            String cancelled = Outbound.report("DEMO_RIS", "PAT7002", 2).replace("|CT|F\r", "|CT|X\r");
            String ack = engine.send(cancelled);
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            assertEquals(0, Outbound.get(engine, "/api/outbox?destination=emr").size());
            JsonNode list = Outbound.get(engine, "/api/messages?controlId=RPT-2");
            JsonNode one = Outbound.get(engine, "/api/messages/" + list.get(0).path("id").asLong());
            assertTrue(one.path("history").toString().contains("not forwarded: OBR-25 is \\\"X\\\""), one.path("history").toString());
        }
    }

    @Test
    void unroutedReportIsRefusedAndKept(@org.junit.jupiter.api.io.TempDir Path overlay) throws Exception {
        Files.createDirectories(overlay.resolve("to-hl7"));
        Files.writeString(overlay.resolve(ReportRouting.FILE), "routes:\n  - when: {MSH-4: [CARDIO]}\n    to: [emr]\nunrouted: reject\n");
        Map<String, String> p = Outbound.engineProps(null, null, null);
        p.put("radbridge.mappings.overlay-dir", overlay.toString());
        try (TestEngine engine = TestEngine.start(p)) {
            String ack = engine.send(Outbound.report("DEMO_RIS", "PAT7003", 3));
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1), ack);
            assertTrue(ack.contains("207^Application internal error"), ack);
            JsonNode list = Outbound.get(engine, "/api/messages?controlId=RPT-3");
            assertEquals("REJECTED", list.get(0).path("state").asText());
            assertEquals(0, Outbound.get(engine, "/api/outbox?destination=emr").size());
        }
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
