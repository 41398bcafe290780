package org.radbridge.fhir.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.store.Tx;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Test helpers for the FHIR flows: scenario messages made unique per test (so tests sharing the one JPA server
 * do not see each other's resources), an engine delivering to the server, waiting for the outbox, and searching
 * the server for what it stored.
 */
public final class FhirFlows {

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 100_000) * 10);

    private FhirFlows() {
    }

    /** A fresh number to replace a scenario's own number (e.g. "1001" in PAT1001, ACC1001, ...543.1001). */
    public static String uniqueNumber() {
        return String.valueOf(9_000_000 + SEQ.incrementAndGet());
    }

    /** A scenario message with its number replaced and its control id (MSH-10) made unique. */
    public static String message(String scenario, String file, String number, String newNumber) throws Exception {
        Path p = Scenarios.dir(scenario).resolve(file);
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        return withControlId(text.replace(number, newNumber), "T" + uniqueNumber());
    }

    /** Replaces MSH-10. */
    public static String withControlId(String hl7, String controlId) {
        String[] segs = hl7.split("\r", -1);
        String[] f = segs[0].split("\\|", -1);
        f[9] = controlId;
        segs[0] = String.join("|", f);
        return String.join("\r", segs);
    }

    /** An engine whose "fhir" destination is the test server, retrying fast. */
    public static TestEngine engine(FhirTestServer server, Map<String, String> more) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.fhir.url", server.baseUrl());
        p.put("radbridge.outbox.poll-ms", "50");
        p.put("radbridge.outbox.backoff-initial-ms", "200");
        p.put("radbridge.outbox.backoff-max-ms", "2000");
        p.put("radbridge.outbox.max-attempts", "10000");
        p.putAll(more);
        return TestEngine.start(p);
    }

    /** Sends and checks the ACK is AA. */
    public static void sendAccepted(TestEngine engine, String hl7) throws Exception {
        String ack = engine.send(hl7.getBytes(StandardCharsets.ISO_8859_1));
        if (ack == null || !ack.contains("MSA|AA")) {
            fail("not accepted: " + ack);
        }
    }

    /** Waits until no "fhir" entry is unfinished (up to the timeout); fails on a dead letter. */
    public static void awaitDelivered(TestEngine engine, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<OutboxEntry> all = entries(engine);
            if (all.stream().anyMatch(e -> e.state().equals(OutboxEntry.DEAD))) {
                fail("dead letter: " + all.stream().filter(e -> e.state().equals(OutboxEntry.DEAD)).map(OutboxEntry::lastError).toList());
            }
            if (!all.isEmpty() && all.stream().allMatch(e -> e.state().equals(OutboxEntry.DONE))) {
                return;
            }
            Thread.sleep(100);
        }
        fail("FHIR outbox not delivered in time: " + entries(engine).stream().map(e -> e.id() + " " + e.state() + " " + e.lastError()).toList());
    }

    public static List<OutboxEntry> entries(TestEngine engine) {
        return engine.app().engine().context().outbox().list("fhir", null, null, 1000);
    }

    /** Waits for the entries of the given count to exist (after-store messages are processed after their AA). */
    public static void awaitEntries(TestEngine engine, int count, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (entries(engine).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, entries(engine).size(), "FHIR outbox entries");
    }

    /** The journal id of the last message with this control id. */
    public static long journalId(TestEngine engine, String controlId) {
        return engine.app().engine().context().db().read(c -> Tx.query(c,
                "SELECT id FROM messages WHERE control_id=? ORDER BY id DESC", rs -> rs.getLong(1), controlId)).get(0);
    }

    /** GET a search; returns the Bundle. */
    public static JsonNode search(FhirTestServer server, String query) throws Exception {
        HttpResponse<String> r = server.get(query);
        assertEquals(200, r.statusCode(), () -> query + ": " + r.body());
        return FhirJson.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The number of resources a search finds (e.g. "Patient?identifier=sys|val"). */
    public static int count(FhirTestServer server, String query) throws Exception {
        return search(server, query + (query.contains("?") ? "&" : "?") + "_summary=count").path("total").asInt();
    }

    /** The one resource a search finds. */
    public static JsonNode one(FhirTestServer server, String query) throws Exception {
        JsonNode b = search(server, query);
        assertEquals(1, b.path("total").asInt(b.path("entry").size()), () -> query + " found " + b);
        return b.path("entry").get(0).path("resource");
    }
}
