package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.TestEngine;

/**
 * Forwarding rules (mappings/to-hl7/forwarding.yaml): ADT events to the PACS/RIS (IHE RAD-1/RAD-12) and ORU
 * copies to a second system, delivered by the engine to real MLLP receivers through the outbox (ACK checked,
 * order per patient, retries across an outage); a message no rule takes is not forwarded.
 */
@Timeout(180)
class ForwardingRulesTest {

    @TempDir
    Path overlay;

    static final String RULES = """
            rules:
              - name: adt-to-pacs
                when:
                  MSH-9.1: ADT
                  MSH-9.2: [A01, A02, A03, A04, A08, "A2*", A40, A47]
                unless:
                  PV1-2: P
                to: [pacs]
              - name: report-copy
                when: {MSH-9.1: ORU, OBR-24: [CT, "M*"]}
                to: [second]
            """;

    TestEngine engine(MllpReceiver pacs, MllpReceiver second) throws Exception {
        return engine(pacs, second, null, "");
    }

    TestEngine engine(MllpReceiver pacs, MllpReceiver second, String targets, String moreRules) throws Exception {
        String destinations = Outbound.quickEmr("""
                  - name: pacs
                    address: %s
                    application: PACS_APP
                    facility: RAD_DEPT
                    ack-timeout-ms: 1000
                    connect-timeout-ms: 500
                  - name: second
                    address: %s
                    role: report-consumer
                    ack-timeout-ms: 1000
                    connect-timeout-ms: 500
                """.formatted(pacs.address(), second.address()));
        Map<String, String> p = Outbound.engineProps(null, overlay, destinations);
        Files.createDirectories(overlay.resolve("to-hl7"));
        Files.writeString(overlay.resolve(ForwardRules.FILE), RULES + moreRules);
        if (targets != null) {
            Files.createDirectories(overlay.resolve("deid"));
            Files.writeString(overlay.resolve("deid/targets.yaml"), targets);
        }
        return TestEngine.start(p);
    }

    static String adt(String event, String patient, String controlId, String patientClass) {
        return "MSH|^~\\&|DEMO_EMR|MAINHOSP|RADBRIDGE|RAD|20261201130000||ADT^" + event + "^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|" + event + "|20261201130000\r"
                + "PID|1||" + patient + "^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
                + "PV1|1|" + patientClass + "\r";
    }

    static void assertAck(String expected, String ack) {
        assertEquals(expected, Hl7Text.field(ack, "MSA", 1), ack);
    }

    static List<String> states(TestEngine e, String destination) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode n : Outbound.get(e, "/api/outbox?destination=" + destination + "&limit=1000")) {
            out.add(n.path("state").asText());
        }
        return out;
    }

    @Test
    void anAdtIsForwardedToTheSecondReceiverAndAMessageNoRuleTakesIsNot() throws Exception {
        try (MllpReceiver pacs = MllpReceiver.start(); MllpReceiver second = MllpReceiver.start(); TestEngine e = engine(pacs, second)) {
            assertAck("AA", e.send(adt("A01", "PA", "ADT-1", "I")));
            assertTrue(pacs.awaitProcessed(1, Duration.ofSeconds(20)), "the admission reaches the PACS");
            String got = pacs.processedTexts().get(0);
            assertEquals("PACS_APP", Hl7Text.field(got, "MSH", 5), got);
            assertEquals("RAD_DEPT", Hl7Text.field(got, "MSH", 6), got);
            assertEquals("ADT^A01^ADT_A01", Hl7Text.field(got, "MSH", 9), got);
            assertNotEquals("ADT-1", Hl7Text.field(got, "MSH", 10), "a control id of RadBridge per destination");
            assertEquals(Hl7Text.segment(adt("A01", "PA", "ADT-1", "I"), "PID"), Hl7Text.segment(got, "PID"), "the content as received");
            assertTrue(Outbound.awaitDrained(e, "pacs", 10_000));
            assertEquals(List.of("DONE"), states(e, "pacs"), "the receiver's AA completed the entry");

            // not taken: a pre-admit (unless PV1-2 P), a report of another section, an event outside the list
            assertAck("AA", e.send(adt("A05", "PB", "ADT-2", "P")));
            assertAck("AA", e.send(adt("A01", "PB", "ADT-3", "P")));
            String oru = Outbound.report("DEMO_RIS", "PA", 1).replace("|CT|F\r", "|US|F\r");
            assertAck("AA", e.send(oru));
            // an event message-flows.yaml does not list: accepted because a rule takes it; refused when none does
            assertAck("AA", e.send(adt("A29", "PC", "ADT-4", "I")));
            assertAck("AR", e.send(adt("A99", "PC", "ADT-5", "I")));
            // a report a rule copies to the second system (and report-to-emr still sends to the EMR's file outbox)
            assertAck("AA", e.send(Outbound.report("DEMO_RIS", "PA", 2)));
            assertTrue(second.awaitProcessed(1, Duration.ofSeconds(20)), "the report copy reaches the second system");
            assertTrue(pacs.awaitProcessed(2, Duration.ofSeconds(20)));
            assertTrue(Outbound.awaitDrained(e, "pacs", 10_000) && Outbound.awaitDrained(e, "second", 10_000));
            assertEquals(List.of("ADT^A01^ADT_A01", "ADT^A29^ADT_A01"),
                    pacs.processedTexts().stream().map(t -> Hl7Text.field(t, "MSH", 9)).toList(), "only what a rule takes");
            assertEquals(1, second.processedTexts().size(), "the US report is not copied");
            assertTrue(second.processedTexts().get(0).contains("Report 2"));
            assertEquals(List.of(), pacs.hapiErrors());
            JsonNode journal = Outbound.get(e, "/api/messages?limit=50");
            boolean sawForward = false;
            for (JsonNode n : journal) {
                sawForward |= n.path("flows").toString().contains("forward");
            }
            assertTrue(sawForward, "the journal lists the flow forward: " + journal);
        }
    }

    @Test
    void aReceiverOutageQueuesAndRetriesInOrderPerPatient() throws Exception {
        try (MllpReceiver pacs = MllpReceiver.start(); MllpReceiver second = MllpReceiver.start(); TestEngine e = engine(pacs, second)) {
            pacs.stop();
            String[] events = {"A01", "A08", "A02", "A03"};
            for (int i = 0; i < 8; i++) {
                assertAck("AA", e.send(adt(events[i / 2], i % 2 == 0 ? "PX" : "PY", "OUT-" + i, "I")));
            }
            org.radbridge.testing.Waits.until("entries for the stopped receiver retry", java.time.Duration.ofSeconds(10),
                    () -> states(e, "pacs").contains("RETRYING"));
            assertTrue(states(e, "pacs").contains("RETRYING"), "the receiver is down: entries wait and retry " + states(e, "pacs"));
            pacs.restart();
            assertTrue(pacs.awaitProcessed(8, Duration.ofSeconds(30)), "all delivered after the restart: " + pacs.processed());
            assertTrue(Outbound.awaitDrained(e, "pacs", 10_000));
            for (String patient : List.of("PX", "PY")) {
                List<String> order = pacs.processedTexts().stream().filter(t -> Hl7Text.field(t, "PID", 3).startsWith(patient))
                        .map(t -> Hl7Text.field(t, "MSH", 9).substring(4, 7)).toList();
                assertEquals(List.of(events), order, "each patient's events in the order received");
            }
        }
    }

    @Test
    void copiesForDeidentifiedTargetsAreDeidentified(@TempDir Path out) throws Exception {
        String targets = """
                targets:
                  - name: pacs-research
                    source: pacs
                    profile: hipaa-safe-harbor
                    to: folder:%s
                  - name: registry
                    source: none
                    profile: hipaa-safe-harbor
                    to: folder:%s
                """.formatted(out.resolve("via-pacs"), out.resolve("direct"));
        String direct = """
                  - name: admissions-registry
                    when: {MSH-9.1: ADT, MSH-9.2: A04}
                    to: [registry]
                """;
        try (MllpReceiver pacs = MllpReceiver.start(); MllpReceiver second = MllpReceiver.start();
                TestEngine e = engine(pacs, second, targets, direct)) {
            assertAck("AA", e.send(adt("A01", "PA", "ADT-1", "I")));
            assertAck("AA", e.send(adt("A04", "PB", "ADT-2", "O")));
            assertTrue(pacs.awaitProcessed(2, Duration.ofSeconds(20)), "the PACS gets both, identified");
            assertTrue(Outbound.awaitDrained(e, "pacs-research", 20_000) && Outbound.awaitDrained(e, "registry", 20_000));
            List<String> viaPacs = texts(out.resolve("via-pacs"));
            List<String> registry = texts(out.resolve("direct"));
            assertEquals(2, viaPacs.size(), "a copy of each message forwarded to the PACS, the source of pacs-research");
            assertEquals(1, registry.size(), "the A04 forwarded to the de-identified target itself");
            for (String t : concat(viaPacs, registry)) {
                assertTrue(!t.contains("TESTER") && !t.contains("19700315") && !t.contains("|PA^") && !t.contains("|PB^"), t);
                assertTrue(t.startsWith("MSH|"), t);
            }
            assertTrue(registry.get(0).contains("ADT^A04"), registry.get(0));
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static List<String> texts(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            for (Path f : s.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                out.add(Files.readString(f, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
