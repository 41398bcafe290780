package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.Ports;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * kill -9 of the engine (a separate JVM) while two clients send: after a restart on the same data
 * directory every message that got AA is in the journal, and every after-store message is processed
 * exactly once.
 */
class CrashRecoveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    Process startEngine(Path data, int mllp, int httpPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.radbridge.cli.RadBridgeCli", "run");
        Map<String, String> env = pb.environment();
        env.put("RADBRIDGE_DATA_DIR", data.toString());
        env.put("RADBRIDGE_MLLP_PORT", String.valueOf(mllp));
        env.put("RADBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        env.put("RADBRIDGE_DICOM_PORT", String.valueOf(Ports.free()));
        env.put("RADBRIDGE_ADMIN_TOKEN", TestEngine.ADMIN_TOKEN);
        env.put("RADBRIDGE_AUDIT_KEY", "crash-test-key");
        env.put("RADBRIDGE_ROUTES_DIR", ProjectPaths.project().resolve("routes").toString());
        env.put("RADBRIDGE_MAPPINGS_DIR", ProjectPaths.project().resolve("mappings").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(data.resolve("engine-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    void awaitHealthy(int httpPort, Process p) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("engine exited with " + p.exitValue());
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
            Thread.sleep(200);
        }
        throw new AssertionError("engine did not become healthy");
    }

    JsonNode api(int httpPort, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Bearer " + TestEngine.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String adt(String id) {
        return "MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "^^^HOSP\r";
    }

    static String oru(String id) {
        return "MSH|^~\\&|DEMO_REPORTS|RAD|RB|RAD|20260101||ORU^R01|" + id + "|P|2.5.1\rPID|1||P" + id + "^^^HOSP\r"
                + "OBR|1|||CT^CT HEAD\rOBX|1|TX|R^Report||No acute findings.||||||F\r";
    }

    @Test
    void everyAcknowledgedMessageSurvivesKillMinus9AndIsProcessedOnce() throws Exception {
        Path data = Files.createTempDirectory("radbridge-crash");
        int mllp = Ports.free();
        int httpPort = Ports.free();
        Process p = startEngine(data, mllp, httpPort);
        try {
            awaitHealthy(httpPort, p);
            Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (String kind : new String[] {"A", "R"}) {
                Thread t = new Thread(() -> {
                    int i = 0;
                    try (MllpClient c = new MllpClient("127.0.0.1", mllp, 5000, 10000, null)) {
                        while (!stop.get()) {
                            String id = kind + (i++);
                            byte[] ack = c.exchange((kind.equals("A") ? adt(id) : oru(id)).getBytes(StandardCharsets.US_ASCII));
                            if (ack == null) {
                                return;
                            }
                            if ("AA".equals(Hl7Text.field(new String(ack, StandardCharsets.US_ASCII), "MSA", 1))) {
                                acked.add(id);
                            }
                        }
                    } catch (IOException killed) {
                        // the engine died under us: expected
                    }
                });
                t.start();
                clients.add(t);
            }
            long until = System.currentTimeMillis() + 20_000;
            while (acked.size() < 300 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            p.destroyForcibly().waitFor();
            stop.set(true);
            for (Thread t : clients) {
                t.join(15_000);
            }
            assertTrue(acked.size() >= 50, "messages acknowledged before the kill: " + acked.size());

            p = startEngine(data, mllp, httpPort);
            awaitHealthy(httpPort, p);
            Map<String, JsonNode> journal = new HashMap<>();
            long before = Long.MAX_VALUE;
            while (true) {
                JsonNode page = api(httpPort, "/api/messages?limit=1000" + (before == Long.MAX_VALUE ? "" : "&before=" + before));
                if (page.isEmpty()) {
                    break;
                }
                for (JsonNode n : page) {
                    journal.put(n.path("controlId").asText(), n);
                    before = n.path("id").asLong(); // the page's last entry: the next page continues after it
                }
            }
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(journal.keySet());
            assertTrue(missing.isEmpty(), "acknowledged but not journaled: " + missing);
            long end = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < end && !api(httpPort, "/api/messages?status=RECEIVED").isEmpty()) {
                Thread.sleep(200);
            }
            assertEquals(0, api(httpPort, "/api/messages?status=RECEIVED").size(), "after-store messages still pending");
            for (String id : acked) {
                if (id.startsWith("R")) {
                    JsonNode detail = api(httpPort, "/api/messages/" + journal.get(id).path("id").asLong());
                    int processed = 0;
                    for (JsonNode h : detail.path("history")) {
                        if (h.path("detail").asText().startsWith("PROCESSED")) {
                            processed++;
                        }
                    }
                    assertEquals(1, processed, id + " processed " + processed + " times");
                }
            }
        } finally {
            p.destroyForcibly().waitFor();
            TestEngine.deleteTree(data);
        }
    }
}
