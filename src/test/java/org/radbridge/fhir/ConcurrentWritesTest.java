package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.ProjectPaths;

/**
 * Eight Bundles of eight patients that share one ordering doctor, delivered at the same moment by eight workers of
 * one FHIR destination to the real JPA server: the doctor is created once (writes per identifier are serialized).
 */
@ExtendWith(FhirServerExtension.class)
class ConcurrentWritesTest {

    @Test
    void concurrentDeliveriesNeverCreateTwinsOfASharedPractitioner(FhirTestServer server) throws Exception {
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), null);
        OrderToFhir mapper = new OrderToFhir(new FhirMappings(m), ZoneId.of("UTC"));
        Hl7Peers peers = Hl7Peers.load(m);
        String doctor = FhirFlows.uniqueNumber();
        List<byte[]> bundles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String hl7 = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", FhirFlows.uniqueNumber())
                    .replace("1234^WELBY", doctor + "^WELBY");
            var msg = Hl7Parser.parse(hl7);
            bundles.add(FhirJson.compactBytes(mapper.map(msg, peers.match("DEMO_RIS", "RADIOLOGY"), null).bundle()));
        }
        FhirDestination d = new FhirDestination(new FhirHttp(server.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(60),
                null), Set.of("Patient"), 8);
        CyclicBarrier start = new CyclicBarrier(bundles.size());
        ExecutorService pool = Executors.newFixedThreadPool(bundles.size());
        try {
            List<Future<DeliveryResult>> results = new ArrayList<>();
            for (byte[] b : bundles) {
                results.add(pool.submit(() -> {
                    start.await();
                    return d.deliver(new OutboxEntry(1, 0, 1L, "fhir", "K", "fhir-bundle", "application/fhir+json", b, null,
                            OutboxEntry.IN_FLIGHT, 1, 0, null, null, 0, null));
                }));
            }
            for (Future<DeliveryResult> f : results) {
                assertEquals(DeliveryResult.Outcome.DELIVERED, f.get(120, TimeUnit.SECONDS).outcome());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, FhirFlows.count(server, "Practitioner?identifier=" + OrderToFhirTest.STAFF + "|" + doctor));
    }
}
