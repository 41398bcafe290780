package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.radbridge.fhir.testing.FhirFlows.awaitDelivered;
import static org.radbridge.fhir.testing.FhirFlows.count;
import static org.radbridge.fhir.testing.FhirFlows.message;
import static org.radbridge.fhir.testing.FhirFlows.one;
import static org.radbridge.fhir.testing.FhirFlows.search;
import static org.radbridge.fhir.testing.FhirFlows.sendAccepted;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.TestEngine;

/**
 * The FHIR server is stopped while orders for two patients arrive, then started again: every Bundle arrives, none
 * twice, and each patient's changes land in the order they were sent (the ServiceRequest's version history shows
 * the SPS start times in sending order).
 */
@ExtendWith(FhirServerExtension.class)
class FhirOutageTest {

    private static final String[] TIMES = {"20261201093000", "20261201100000", "20261201110000", "20261201120000"};

    @Test
    void bundlesQueuedDuringAnOutageArriveOnceAndInOrderPerPatient(FhirTestServer server) throws Exception {
        String a = FhirFlows.uniqueNumber();
        String b = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            server.stop();
            try {
                for (String n : new String[] {a, b}) { // the orders the changes (XO) apply to
                    sendAccepted(engine, message("orm-o01-ris-change", "01-new.hl7", "2001", n));
                }
                for (String t : TIMES) {
                    for (String n : new String[] {a, b}) {
                        sendAccepted(engine, message("orm-o01-ris-change", "02-change.hl7", "2001", n).replace("20261201140000", t));
                    }
                }
                long deadline = System.currentTimeMillis() + 30_000;
                while (FhirFlows.entries(engine).stream().noneMatch(e -> e.state().equals(OutboxEntry.RETRYING))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(FhirFlows.entries(engine).stream().anyMatch(e -> e.state().equals(OutboxEntry.RETRYING)),
                        "deliveries failed and wait for a retry while the server is down");
                assertEquals(0, FhirFlows.entries(engine).stream().filter(e -> e.state().equals(OutboxEntry.DONE)).count());
            } finally {
                server.start();
            }
            awaitDelivered(engine, 180_000);

            Outbox outbox = engine.app().engine().context().outbox();
            List<OutboxEntry> entries = FhirFlows.entries(engine);
            assertEquals((TIMES.length + 1) * 2, entries.size());
            for (OutboxEntry e : entries) {
                long delivered = outbox.attempts(e.id()).stream().filter(x -> x.outcome().equals("DELIVERED")).count();
                assertEquals(1, delivered, "entry " + e.id() + " delivered exactly once");
            }
            for (String n : new String[] {a, b}) {
                assertEquals(1, count(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n));
                assertEquals(1, count(server, "Patient?identifier=" + OrderToFhirTest.MRN + "|PAT" + n));
                String id = one(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n).path("id").asText();
                TreeMap<Integer, String> history = new TreeMap<>();
                for (JsonNode h : search(server, "ServiceRequest/" + id + "/_history").path("entry")) {
                    history.put(h.path("resource").path("meta").path("versionId").asInt(),
                            h.path("resource").path("occurrenceDateTime").asText());
                }
                List<String> expected = new ArrayList<>();
                for (String t : TIMES) {
                    expected.add(t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8) + "T" + t.substring(8, 10)
                            + ":" + t.substring(10, 12) + ":00-06:00");
                }
                // the NW (at TIMES[0]) comes first; a change that leaves the resource as it was makes no new version
                List<String> versions = new ArrayList<>();
                for (String v : history.values()) {
                    if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(v)) {
                        versions.add(v);
                    }
                }
                assertEquals(expected, versions, "versions of patient " + n + " in sending order");
            }
        }
    }
}
