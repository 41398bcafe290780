package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.MllpReply;
import org.radbridge.testing.TestCertificates;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * Reliable delivery to the EMR, the engine against a real MLLP receiver that NAKs, delays, closes and answers
 * for other control ids as scripted: order per patient, no loss, no double processing, pause and resume, TLS.
 */
@Timeout(180)
class EmrDeliveryTest {

    @TempDir
    Path overlay;

    TestEngine engine(MllpReceiver emr, String extra) throws Exception {
        return TestEngine.start(Outbound.engineProps(emr.address(), overlay, Outbound.quickEmr(extra)));
    }

    /** Report numbers in the order the receiver processed them, per patient. */
    static Map<String, List<Integer>> perPatient(List<String> texts) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (String t : texts) {
            String patient = Hl7Text.field(t, "PID", 3).split("\\^")[0];
            int n = Integer.parseInt(Hl7Text.field(t, "OBR", 2).split("\\^")[0].substring(3));
            out.computeIfAbsent(patient, k -> new ArrayList<>()).add(n);
        }
        return out;
    }

    static Map<String, List<Integer>> expected(String[] patients, int count) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            out.computeIfAbsent(patients[i % patients.length], k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    static void sendReports(TestEngine e, String[] patients, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            String ack = e.send(Outbound.report("DEMO_RIS", patients[i % patients.length], i));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
    }

    static boolean awaitState(TestEngine e, String state, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (JsonNode n : Outbound.get(e, "/api/outbox?destination=emr")) {
                if (n.path("state").asText().equals(state)) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void orderPerPatientIsKeptAcrossAReceiverRestart() throws Exception {
        String[] patients = {"PA", "PB", "PC"};
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            emr.stop();
            sendReports(e, patients, 1, 9);
            assertTrue(awaitState(e, "RETRYING", 5000), "the receiver is down: entries wait and retry");
            emr.restart();
            assertTrue(emr.awaitProcessed(9, Duration.ofSeconds(30)), "all delivered after the restart: " + emr.processed());
            assertTrue(Outbound.awaitDrained(e, "emr", 5000));
            assertEquals(expected(patients, 9), perPatient(emr.processedTexts()), "each patient's reports in the order sent");
            assertEquals(9, emr.received().size(), "no duplicates: nothing was sent while the receiver was down");
        }
    }

    @Test
    void retriesLoseNothingAndProcessNothingTwice() throws Exception {
        String[] patients = {"PA", "PB", "PC"};
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            emr.script(MllpReply.close(), MllpReply.ar("207"), MllpReply.processThenClose(), MllpReply.wrongControlId(), MllpReply.delayed(900),
                    MllpReply.silent(), MllpReply.unframed(), MllpReply.ar(null));
            sendReports(e, patients, 1, 12);
            assertTrue(emr.awaitProcessed(12, Duration.ofSeconds(60)), "all delivered: " + emr.processed());
            assertTrue(Outbound.awaitDrained(e, "emr", 10000));
            assertEquals(12, emr.processed().stream().distinct().count(), "each processed once");
            assertEquals(expected(patients, 12), perPatient(emr.processedTexts()));
            assertTrue(emr.received().size() > 12, "failures were retried");
            assertEquals(List.of(), emr.hapiErrors());
            JsonNode outcomes = Outbound.get(e, "/api/audit?type=TRANSMISSION_OUTCOME");
            assertTrue(outcomes.toString().contains("MINOR_FAILURE"), "failed attempts are audited");
            for (JsonNode n : Outbound.get(e, "/api/outbox?destination=emr")) {
                assertEquals("DONE", n.path("state").asText());
            }
        }
    }

    @Test
    void aLostAckDoesNotCauseDoubleProcessingAtAReceiverThatDeduplicates() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            emr.script(MllpReply.processThenClose(), MllpReply.aa(), MllpReply.delayed(1500)); // report 1: ACK lost; report 2: ACK too late
            sendReports(e, new String[] {"PA"}, 1, 2);
            assertTrue(Outbound.awaitDrained(e, "emr", 20000));
            assertEquals(2, emr.processed().size(), "each processed once: " + emr.processed());
            assertTrue(emr.received().size() >= 4, "both were sent again after their ACK was lost");
            for (MllpReceiver.Received r : emr.received()) {
                assertTrue(emr.processed().contains(r.controlId()), "every resend carried its entry's MSH-10");
            }
            JsonNode first = Outbound.get(e, "/api/outbox?destination=emr").get(1);
            JsonNode log = Outbound.get(e, "/api/outbox/" + first.path("id").asLong()).path("attemptsLog");
            assertEquals("RETRY", log.get(0).path("outcome").asText());
            assertTrue(log.get(0).path("detail").asText().contains("closed by the receiver"), log.toString());
            assertEquals("DELIVERED", log.get(log.size() - 1).path("outcome").asText());
        }
    }

    @Test
    void anAckForAnotherControlIdIsRetriedNotTakenAsSuccess() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            emr.script(MllpReply.wrongControlId(), MllpReply.wrongControlId());
            sendReports(e, new String[] {"PA"}, 1, 1);
            assertTrue(Outbound.awaitDrained(e, "emr", 20000));
            JsonNode entry = Outbound.get(e, "/api/outbox?destination=emr").get(0);
            JsonNode log = Outbound.get(e, "/api/outbox/" + entry.path("id").asLong()).path("attemptsLog");
            assertEquals(3, log.size(), log.toString());
            assertTrue(log.get(0).path("detail").asText().contains("not taken as an answer"), log.toString());
            assertEquals("DELIVERED", log.get(2).path("outcome").asText());
            assertEquals(3, emr.connections(), "the connection is reset after a wrong ACK");
            assertEquals(1, emr.processed().size());
        }
    }

    @Test
    void aPausedDestinationHoldsThenDrainsInOrder() throws Exception {
        String[] patients = {"PA", "PB"};
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            assertEquals(200, e.post("/api/destinations/emr/pause", null).statusCode());
            sendReports(e, patients, 1, 6);
            Waits.holds("held while paused", Duration.ofSeconds(1), () -> emr.received().isEmpty());
            assertEquals(0, emr.received().size(), "held while paused");
            String metrics = e.get("/metrics").body();
            assertTrue(metrics.contains("radbridge_destination_paused{destination=\"emr\"} 1"), metrics);
            assertTrue(metrics.contains("radbridge_outbox_depth{destination=\"emr\"} 6"), metrics);
            assertEquals(200, e.post("/api/destinations/emr/resume", null).statusCode());
            assertTrue(emr.awaitProcessed(6, Duration.ofSeconds(20)));
            assertEquals(expected(patients, 6), perPatient(emr.processedTexts()));
            JsonNode actions = Outbound.get(e, "/api/audit?type=OPERATOR_ACTION");
            assertTrue(actions.toString().contains("{\\\"action\\\":\\\"pause\\\"}") && actions.toString().contains("resume"), actions.toString());
            assertEquals(404, e.post("/api/destinations/nowhere/pause", null).statusCode());
        }
    }

    @Test
    void anAeDeadLettersAndHoldsThatPatientUntilAnOperatorActs() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            emr.script(MllpReply.ae("103"));
            sendReports(e, new String[] {"PA", "PA", "PB"}, 1, 3); // report n goes to patient [n % 3]: 1 PA, 2 PB, 3 PA
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(10)));
            Waits.until("the other patient goes on", Duration.ofSeconds(20), () -> List.of(2).equals(perPatient(emr.processedTexts()).get("PB")));
            assertEquals(List.of(2), perPatient(emr.processedTexts()).get("PB"), "other patients go on");
            assertEquals(null, perPatient(emr.processedTexts()).get("PA"), "PA's next report waits behind the dead letter");
            JsonNode dead = Outbound.get(e, "/api/outbox?destination=emr&state=DEAD");
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).path("lastError").asText().startsWith("MSA-1 AE: 103"), dead.toString());
            assertTrue(e.get("/metrics").body().contains("radbridge_outbox_dead_letters{destination=\"emr\"} 1"));
            assertEquals(200, e.post("/api/outbox/" + dead.get(0).path("id").asLong() + "/retry", null).statusCode());
            assertTrue(emr.awaitProcessed(3, Duration.ofSeconds(10)), "retried by the operator, then the held report");
            assertEquals(List.of(1, 3), perPatient(emr.processedTexts()).get("PA"), "in order: the retried one first");
        }
    }

    @Test
    void redeliveryKeepsTheControlIdUnlessANewOneIsAsked() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, null)) {
            sendReports(e, new String[] {"PA"}, 1, 1);
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(10)));
            assertTrue(Outbound.awaitDrained(e, "emr", 5000));
            long id = Outbound.get(e, "/api/outbox?destination=emr").get(0).path("id").asLong();
            assertEquals(200, e.post("/api/outbox/" + id + "/redeliver", null).statusCode());
            assertTrue(emr.awaitReceived(2, Duration.ofSeconds(10)));
            assertTrue(emr.received().get(1).duplicate(), "same MSH-10: the receiver knows it already");
            assertEquals(200, e.post("/api/outbox/" + id + "/redeliver?newControlId=true", null).statusCode());
            assertTrue(emr.awaitProcessed(2, Duration.ofSeconds(10)), "a new MSH-10: processed as a new message");
            assertNotEquals(emr.processed().get(0), emr.processed().get(1));
        }
    }

    @Test
    void mutualTlsDeliversWithTheClientCertificateAndIsRefusedAndAuditedWithout(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Path data = dir.resolve("data");
        try (MllpReceiver emr = MllpReceiver.startTls(certs.serverContext())) {
            Map<String, String> p = Outbound.engineProps(emr.address(), overlay, Outbound.quickEmr(null));
            p.put("radbridge.emr.tls", "true");
            p.put("radbridge.data-dir", data.toString());
            p.put("radbridge.tls.truststore", certs.clientTruststore().toString());
            p.put("radbridge.tls.truststore-password", TestCertificates.PASSWORD);
            try (TestEngine e = TestEngine.start(p)) {
                sendReports(e, new String[] {"PA"}, 1, 1);
                long end = System.currentTimeMillis() + 20000;
                while (!Outbound.get(e, "/api/destinations").toString().contains("\"paused\":true") && System.currentTimeMillis() < end) {
                    Thread.sleep(50);
                }
                assertTrue(Outbound.get(e, "/api/destinations").toString().contains("\"paused\":true"), "refused: destination paused");
                JsonNode entry = Outbound.get(e, "/api/outbox?destination=emr").get(0);
                assertTrue(entry.path("lastError").asText().startsWith("TLS refused"), entry.toString());
                JsonNode outcomes = Outbound.get(e, "/api/audit?type=TRANSMISSION_OUTCOME");
                assertTrue(ReportToEmrTest.stream(outcomes).anyMatch(a -> a.path("objectId").asText().equals(entry.path("id").asText())
                        && a.path("outcome").asText().equals("SERIOUS_FAILURE") && a.path("detail").asText().contains("PAUSE")),
                        outcomes.toString());
                assertEquals(0, emr.received().size());
                assertTrue(emr.awaitTlsFailures(1, Duration.ofSeconds(5)));
            }
            // the operator installs the client certificate, restarts and resumes the destination
            p.put("radbridge.tls.keystore", certs.clientKeystore().toString());
            p.put("radbridge.tls.keystore-password", TestCertificates.PASSWORD);
            try (TestEngine e = TestEngine.start(p)) {
                assertEquals(200, e.post("/api/destinations/emr/resume", null).statusCode());
                assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(20)));
                assertTrue(emr.received().get(0).tlsPeer().contains("CN=radbridge-test-client"));
                assertTrue(Outbound.awaitDrained(e, "emr", 5000));
            }
        } finally {
            TestEngine.deleteTree(data);
        }
    }
}
