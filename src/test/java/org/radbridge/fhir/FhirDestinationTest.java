package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.Ports;
import org.radbridge.testing.TestEngine;

/**
 * The outcome table of the FHIR destination. The statuses a real server will not give on demand (408, 429 with
 * Retry-After, 5xx, 401, 403) come from a JDK HttpServer on 127.0.0.1 that answers as told; 412 comes from the
 * real HAPI JPA server (a conditional update matching two resources).
 */
@ExtendWith(FhirServerExtension.class)
class FhirDestinationTest {

    private HttpServer stub;
    private volatile int status;
    private volatile String body;
    private final Map<String, String> headers = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void startStub() throws Exception {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/fhir", x -> {
            synchronized (requests) {
                requests.add(x.getRequestMethod() + " " + x.getRequestURI() + " auth=" + x.getRequestHeaders().getFirst("Authorization"));
            }
            x.getRequestBody().readAllBytes();
            headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                x.getResponseBody().write(b);
            }
            x.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private FhirDestination destination(String token) {
        return new FhirDestination(new FhirHttp("http://127.0.0.1:" + stub.getAddress().getPort() + "/fhir", token,
                Duration.ofSeconds(2), Duration.ofSeconds(5), null), Set.of("Patient"), 1);
    }

    private static OutboxEntry entry(String bundle) {
        return new OutboxEntry(1, 0, 1L, "fhir", "K", "fhir-bundle", "application/fhir+json",
                bundle.getBytes(StandardCharsets.UTF_8), null, OutboxEntry.IN_FLIGHT, 1, 0, null, null, 0, null);
    }

    private static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":"
            + "\"urn:uuid:0c1f476c-64f9-3798-8f9a-3ecd1432505b\",\"resource\":{\"resourceType\":\"Practitioner\",\"identifier\":"
            + "[{\"system\":\"urn:oid:1.2.3\",\"value\":\"9\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Practitioner\","
            + "\"ifNoneExist\":\"identifier=urn:oid:1.2.3|9\"}}]}";

    private DeliveryResult answer(int code, String text, String retryAfter) throws Exception {
        status = code;
        body = text;
        headers.clear();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        return destination("s3cret").deliver(entry(BUNDLE));
    }

    @Test
    void theOutcomeTable() throws Exception {
        String ok = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[{\"response\":{\"status\":\"201 Created\"}}]}";
        DeliveryResult r = answer(200, ok, null);
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome());
        assertEquals("HTTP 200: 1 entries: 201 x1", r.detail());
        assertTrue(requests.get(0).endsWith("auth=Bearer s3cret"), requests.get(0));

        r = answer(503, "", "7");
        assertEquals(DeliveryResult.Outcome.RETRY, r.outcome());
        assertEquals(7000L, r.retryAfterMillis());
        assertEquals(DeliveryResult.Outcome.RETRY, answer(429, "", "2").outcome());
        assertEquals(DeliveryResult.Outcome.RETRY, answer(408, "", null).outcome());
        assertEquals(DeliveryResult.Outcome.RETRY, answer(500, "", null).outcome());
        assertEquals(DeliveryResult.Outcome.RETRY, answer(409, "{\"resourceType\":\"OperationOutcome\"}", null).outcome());
        assertEquals(DeliveryResult.Outcome.PAUSE, answer(401, "", null).outcome());
        assertEquals(DeliveryResult.Outcome.PAUSE, answer(403, "", null).outcome());
        String oo = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\"}]}";
        r = answer(400, oo, null);
        assertEquals(DeliveryResult.Outcome.DEAD, r.outcome());
        assertTrue(r.detail().contains("OperationOutcome"), r.detail());
    }

    @Test
    void noServerListeningIsAnExceptionTheWorkersRetry() {
        int port = Ports.free();
        FhirDestination d = new FhirDestination(new FhirHttp("http://127.0.0.1:" + port + "/fhir", null, Duration.ofSeconds(2),
                Duration.ofSeconds(2), null), Set.of(), 1);
        assertThrows(java.io.IOException.class, () -> d.deliver(entry(BUNDLE)));
    }

    @Test
    void aConditionalUpdateMatchingTwoResourcesIsADeadLetterKeepingTheOperationOutcome(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        String twin = "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"display\":\"x\"},"
                + "\"identifier\":[{\"system\":\"" + OrderToFhirTest.PLACER + "\",\"value\":\"PLC" + n + "\"}]}";
        assertEquals(201, server.post("ServiceRequest", twin).statusCode());
        assertEquals(201, server.post("ServiceRequest", twin).statusCode());
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            FhirFlows.sendAccepted(engine, FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            long deadline = System.currentTimeMillis() + 60_000;
            OutboxEntry e = null;
            while (System.currentTimeMillis() < deadline) {
                List<OutboxEntry> l = FhirFlows.entries(engine);
                if (!l.isEmpty() && l.get(0).state().equals(OutboxEntry.DEAD)) {
                    e = l.get(0);
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(e != null, "dead letter");
            assertTrue(e.lastError().startsWith("HTTP 412"), e.lastError());
            assertTrue(e.lastError().contains("OperationOutcome"), e.lastError());
            assertEquals(1, e.attempts());
        }
    }
}
