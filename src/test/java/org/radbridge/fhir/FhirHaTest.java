package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.radbridge.fhir.testing.FhirFlows.count;
import static org.radbridge.fhir.testing.FhirFlows.one;
import static org.radbridge.fhir.testing.FhirFlows.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.mllp.MllpClient;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.Ports;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * HA with a real FHIR server (issue 13): three engine instances on one PostgreSQL deliver to the HAPI FHIR JPA
 * server; the orders of six patients, who share one ordering doctor, arrive through different instances in turn,
 * and the third instance (its own JVM) is killed with SIGKILL half-way. The senders fail over to a live instance
 * (as behind a TCP load balancer). Afterwards: exactly one Patient, ServiceRequest and ImagingStudy per identifier and
 * one Practitioner for the shared doctor on the server, every outbox entry done, no delivery refused by the server for
 * a concurrent write of the same identifier (409: what per-instance locks let happen when the patients' first orders
 * race across instances), and each ServiceRequest's versions in the order its changes were sent.
 */
@ExtendWith({FhirServerExtension.class, PostgresDatabase.class})
class FhirHaTest {

    private static final int PATIENTS = 6;
    /** ORC/TQ start of the NW, then of each XO: the ServiceRequest's occurrenceDateTime per version. */
    private static final String[] TIMES = {"20261201093000", "20261201100000", "20261201110000", "20261201120000"};

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void threeInstancesOneKilledMakeOneResourcePerIdentifierInOrderPerPatient(FhirTestServer server, @PgUrl String pg)
            throws Exception {
        String doctor = FhirFlows.uniqueNumber();
        String[] numbers = new String[PATIENTS];
        for (int i = 0; i < PATIENTS; i++) {
            numbers[i] = FhirFlows.uniqueNumber();
        }
        Map<String, String> common = new HashMap<>();
        common.put("radbridge.db.url", pg);
        common.put("radbridge.fhir.workers", "2");
        common.put("radbridge.outbox.lease-ms", "30000");
        Path cData = Files.createTempDirectory("radbridge-ha-c");
        Process c = null;
        try (TestEngine a = FhirFlows.engine(server, with(common, "radbridge.instance-id", "node-a"));
                TestEngine b = FhirFlows.engine(server, with(common, "radbridge.instance-id", "node-b"))) {
            c = startChild(server, pg, cData);
            org.radbridge.testing.StartLine.BoundPorts cPorts =
                    org.radbridge.testing.StartLine.await(c, cData.resolve("engine.log"), 0, java.time.Duration.ofSeconds(120));
            awaitHealthy(cPorts.http(), c, cData.resolve("engine.log"));
            int[] ports = {a.mllpPort(), b.mllpPort(), cPorts.mllp()};
            AtomicInteger acked = new AtomicInteger();
            int total = PATIENTS * TIMES.length;
            ExecutorService senders = Executors.newFixedThreadPool(PATIENTS);
            List<Future<Integer>> failovers = new ArrayList<>();
            try {
                for (int p = 0; p < PATIENTS; p++) {
                    int patient = p;
                    failovers.add(senders.submit(() -> sendPatient(numbers[patient], doctor, patient, ports, acked)));
                }
                // half-way, the third instance dies without a word (SIGKILL: no shutdown hook, no release)
                org.radbridge.testing.Waits.until("half of the orders acknowledged", java.time.Duration.ofSeconds(120),
                        () -> acked.get() >= total / 2);
                c.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                int failedOver = 0;
                for (Future<Integer> f : failovers) {
                    failedOver += f.get(180, TimeUnit.SECONDS);
                }
                assertEquals(total, acked.get(), "every message answered AA");
                assertTrue(failedOver > 0, "some messages went to the killed instance and were sent again elsewhere");
            } finally {
                senders.shutdownNow();
            }

            awaitAllDone(a, 180_000);
            // no write was refused for a concurrent one (HAPI answers 409 when two conditional creates of one
            // identifier race, e.g. the shared doctor from two instances): the cluster-wide locks kept them apart
            var outbox = a.app().engine().context().outbox();
            List<String> conflicts = new ArrayList<>();
            for (OutboxEntry e : FhirFlows.entries(a)) {
                outbox.attempts(e.id()).stream().filter(x -> x.detail() != null && x.detail().startsWith("HTTP 409"))
                        .forEach(x -> conflicts.add(e.id() + ": " + x.detail()));
            }
            assertEquals(List.of(), conflicts, "deliveries refused for a concurrent write");
            assertEquals(1, count(server, "Practitioner?identifier=" + OrderToFhirTest.STAFF + "|" + doctor), "the shared doctor");
            for (String n : numbers) {
                assertEquals(1, count(server, "Patient?identifier=" + OrderToFhirTest.MRN + "|PAT" + n), "Patient " + n);
                assertEquals(1, count(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n), "ServiceRequest " + n);
                assertEquals(1, count(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543." + n),
                        "ImagingStudy " + n);
                assertEquals(expectedTimes(), versions(server, n), "versions of the ServiceRequest of patient " + n + " in sending order");
            }
        } finally {
            if (c != null) {
                c.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            TestEngine.deleteTree(cData);
        }
    }

    /**
     * Sends one patient's NW and XOs in order, each through the next instance (patient + step), waiting for its AA;
     * when an instance does not answer (killed), the same message goes to the next one. Returns how often it failed over.
     */
    private static int sendPatient(String n, String doctor, int patient, int[] ports, AtomicInteger acked) throws Exception {
        int failedOver = 0;
        for (int step = 0; step < TIMES.length; step++) {
            String hl7 = (step == 0 ? FhirFlows.message("orm-o01-ris-change", "01-new.hl7", "2001", n)
                    : FhirFlows.message("orm-o01-ris-change", "02-change.hl7", "2001", n).replace("20261201140000", TIMES[step]))
                    .replace("1234^WELBY", doctor + "^WELBY");
            byte[] bytes = hl7.getBytes(StandardCharsets.ISO_8859_1);
            for (int tries = 0;; tries++) {
                int port = ports[(patient + step + tries) % ports.length];
                String ack = null;
                try (MllpClient cl = new MllpClient("127.0.0.1", port, 5000, 30000, null)) {
                    byte[] r = cl.exchange(bytes);
                    ack = r == null ? null : new String(r, StandardCharsets.ISO_8859_1);
                } catch (IOException down) {
                    // instance gone: the same message (same MSH-10) to the next one
                }
                if (ack != null && ack.contains("MSA|AA")) {
                    acked.incrementAndGet();
                    break;
                }
                if (ack != null) {
                    fail("not accepted: " + ack);
                }
                failedOver++;
                if (tries > 6) {
                    fail("no instance answered message " + step + " of patient " + n);
                }
            }
        }
        return failedOver;
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    /** The third instance: its own JVM on the same database, delivering to the same FHIR server. */
    private static Process startChild(FhirTestServer server, String pg, Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.radbridge.cli.RadBridgeCli", "run");
        Map<String, String> env = pb.environment();
        env.put("RADBRIDGE_DATA_DIR", data.toString());
        env.put("RADBRIDGE_DB_URL", pg);
        env.put("RADBRIDGE_INSTANCE_ID", "node-c");
        env.put("RADBRIDGE_MLLP_PORT", "0"); // every listener on port 0: the bound ports are in the start line
        env.put("RADBRIDGE_HTTP_PORT", "0");
        env.put("RADBRIDGE_DICOM_PORT", "0");
        env.put("RADBRIDGE_ADMIN_TOKEN", TestEngine.ADMIN_TOKEN);
        env.put("RADBRIDGE_AUDIT_KEY", "test-audit-key");
        env.put("RADBRIDGE_ROUTES_DIR", ProjectPaths.project().resolve("routes").toString());
        env.put("RADBRIDGE_MAPPINGS_DIR", ProjectPaths.project().resolve("mappings").toString());
        env.put("RADBRIDGE_FHIR_URL", server.baseUrl());
        env.put("RADBRIDGE_FHIR_WORKERS", "2");
        env.put("RADBRIDGE_OUTBOX_POLL_MS", "50");
        env.put("RADBRIDGE_OUTBOX_BACKOFF_INITIAL_MS", "200");
        env.put("RADBRIDGE_OUTBOX_BACKOFF_MAX_MS", "2000");
        env.put("RADBRIDGE_OUTBOX_MAX_ATTEMPTS", "10000");
        env.put("RADBRIDGE_OUTBOX_LEASE_MS", "30000");
        pb.redirectErrorStream(true);
        pb.redirectOutput(data.resolve("engine.log").toFile());
        return pb.start();
    }

    private void awaitHealthy(int httpPort, Process p, Path log) throws Exception {
        long end = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("the third instance exited with " + p.exitValue() + ": " + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200); // poll interval of the deadline loop above (child process / outbox without a callback)
        }
        throw new AssertionError("the third instance did not become healthy");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every "fhir" entry of the shared database done (those the killed instance held included, after their lease). */
    private static void awaitAllDone(TestEngine any, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<OutboxEntry> all = List.of();
        while (System.currentTimeMillis() < deadline) {
            all = FhirFlows.entries(any);
            if (all.stream().anyMatch(e -> e.state().equals(OutboxEntry.DEAD))) {
                fail("dead letter: " + all.stream().filter(e -> e.state().equals(OutboxEntry.DEAD)).map(OutboxEntry::lastError).toList());
            }
            if (all.size() == PATIENTS * TIMES.length && all.stream().allMatch(e -> e.state().equals(OutboxEntry.DONE))) {
                return;
            }
            Thread.sleep(200); // poll interval of the deadline loop above (child process / outbox without a callback)
        }
        fail("FHIR outbox not delivered in time: " + all.stream().map(e -> e.id() + " " + e.state() + " " + e.lastError()).toList());
    }

    private static List<String> expectedTimes() {
        List<String> out = new ArrayList<>();
        for (String t : TIMES) {
            out.add(t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8) + "T" + t.substring(8, 10) + ":"
                    + t.substring(10, 12) + ":00-06:00");
        }
        return out;
    }

    /** The ServiceRequest's occurrence per version, repeated values (a resend that changed nothing) once. */
    private static List<String> versions(FhirTestServer server, String n) throws Exception {
        String id = one(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n).path("id").asText();
        TreeMap<Integer, String> history = new TreeMap<>();
        for (JsonNode h : search(server, "ServiceRequest/" + id + "/_history").path("entry")) {
            history.put(h.path("resource").path("meta").path("versionId").asInt(), h.path("resource").path("occurrenceDateTime").asText());
        }
        List<String> versions = new ArrayList<>();
        for (String v : history.values()) {
            if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(v)) {
                versions.add(v);
            }
        }
        return versions;
    }
}
