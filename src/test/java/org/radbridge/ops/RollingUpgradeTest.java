package org.radbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.mllp.MllpClient;
import org.radbridge.store.Tx;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.Ports;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/**
 * Rolling upgrade (docs/operations.md): the previous release (built from git by {@link PreviousRelease}, run as its own
 * JVM with its own routes and mappings) and this version on one PostgreSQL database at once. The old version creates
 * the schema; the new one starts beside it and applies its migrations while the old one serves; then both take
 * orders at the same time, the old one on the migrated schema. Nothing is lost: every order is AA, journaled exactly
 * once, has its worklist item, both versions read the same journal, and no outbox entry is dead-lettered or left
 * unfinished.
 */
@ExtendWith(PostgresDatabase.class)
class RollingUpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_VERSION = 150;
    /** Messages answered AR "send it again later" and sent again (at most 5 in all). */
    private static final java.util.concurrent.atomic.AtomicInteger RESENT = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void previousAndCurrentReleaseShareOneDatabase(@PgUrl String url) throws Exception {
        long t0 = System.nanoTime();
        Path previous = PreviousRelease.build();
        System.out.printf("previous release %s ready in %.1f s%n", PreviousRelease.commit(), (System.nanoTime() - t0) / 1e9);
        Path work = Files.createTempDirectory("radbridge-upgrade");
        int oldMllp = Ports.free();
        int oldHttp = Ports.free();
        Process old = startOld(previous, work.resolve("old-data"), url, oldMllp, oldHttp);
        try {
            awaitHealthy(oldHttp, old);
            Set<String> before = versionsApplied(url);
            assertAllAa(oldMllp, 0, 20); // the old version alone, before the upgrade
            try (TestEngine current = TestEngine.start(Map.of("radbridge.db.url", url, "radbridge.audit.key", "upgrade-key",
                    "radbridge.data-dir", Files.createDirectories(work.resolve("new-data")).toString()))) {
                Set<String> after = versionsApplied(url);
                assertTrue(after.containsAll(before), "migrations only add versions");
                System.out.println("schema versions: previous release " + before.size() + ", after the new one started " + after.size()
                        + ", new: " + after.stream().filter(v -> !before.contains(v)).sorted().toList());

                // both at once: the old version on the migrated schema, the new one beside it
                Set<String> acked = ConcurrentHashMap.newKeySet();
                List<Thread> clients = new ArrayList<>();
                List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int[] c : new int[][] {{oldMllp, 100_000}, {current.mllpPort(), 200_000}}) {
                    Thread t = new Thread(() -> {
                        try {
                            acked.addAll(assertAllAa(c[0], c[1], PER_VERSION));
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    });
                    t.start();
                    clients.add(t);
                }
                for (Thread t : clients) {
                    t.join(180_000);
                }
                assertTrue(failures.isEmpty(), failures.toString());
                assertEquals(2 * PER_VERSION, acked.size());
                for (int i = 0; i < 20; i++) {
                    acked.add(Orders.controlId(i));
                }

                Map<String, Integer> journalNew = journal(current.httpPort());
                Map<String, Integer> journalOld = journal(oldHttp);
                System.out.println("answered AR 'send it again later' and sent again: " + RESENT.get());
                assertEquals(journalNew, journalOld, "both versions read the same journal");
                for (String id : acked) {
                    assertEquals(1, journalNew.getOrDefault(id, 0), id + " journaled once");
                }
                assertEquals(acked.size(), journalNew.size());
                assertEquals(acked.size(), api(current.httpPort(), "/api/worklist?limit=100000").size(), "one worklist item per order");
                assertEquals(acked.size(), api(oldHttp, "/api/worklist?limit=100000").size(), "the old version serves them all too");
                org.radbridge.testing.Waits.until("the outbox drains", java.time.Duration.ofSeconds(120),
                        () -> api(current.httpPort(), "/api/outbox?state=PENDING").size() + api(current.httpPort(), "/api/outbox?state=RETRYING").size()
                                + api(current.httpPort(), "/api/outbox?state=IN_FLIGHT").size() == 0);
                assertEquals(0, api(current.httpPort(), "/api/outbox?state=DEAD").size(), "dead-lettered outbox entries");
                assertEquals("UP", api(oldHttp, "/health").path("status").asText("UP"));
            }
        } catch (Throwable t) {
            // the previous release's own log says why it refused (it runs in its own JVM)
            Path log = work.resolve("old-data").resolve("engine.log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("--- previous release log (last 80 lines) ---");
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
            }
            throw t;
        } finally {
            old.destroy();
            if (!old.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                old.destroyForcibly().waitFor();
            }
            TestEngine.deleteTree(work);
        }
    }

    private Process startOld(Path previous, Path data, String url, int mllp, int httpPort) throws Exception {
        Files.createDirectories(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-jar", previous.resolve("target/radbridge.jar").toString(), "run");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RADBRIDGE_"));
        env.put("RADBRIDGE_DATA_DIR", data.toString());
        env.put("RADBRIDGE_DB_URL", url);
        env.put("RADBRIDGE_MLLP_PORT", String.valueOf(mllp));
        env.put("RADBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        env.put("RADBRIDGE_DICOM_PORT", String.valueOf(Ports.free()));
        env.put("RADBRIDGE_ADMIN_TOKEN", TestEngine.ADMIN_TOKEN);
        env.put("RADBRIDGE_AUDIT_KEY", "upgrade-key");
        env.put("RADBRIDGE_ROUTES_DIR", previous.resolve("routes").toString());
        env.put("RADBRIDGE_MAPPINGS_DIR", previous.resolve("mappings").toString());
        env.put("RADBRIDGE_OUTBOX_POLL_MS", "200");
        pb.redirectErrorStream(true);
        pb.redirectOutput(data.resolve("engine.log").toFile());
        return pb.start();
    }

    private void awaitHealthy(int httpPort, Process p) throws Exception {
        long end = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("the previous release exited with " + p.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200); // poll interval: the previous release (child process) becoming ready, deadline above
        }
        throw new AssertionError("the previous release did not become healthy within 120 s");
    }

    /** Sends orders n0 .. n0+count-1 on one connection; every answer must be AA. */
    private static List<String> assertAllAa(int port, long n0, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        try (MllpClient c = new MllpClient("127.0.0.1", port, 5000, 30_000, null)) {
            for (long n = n0; n < n0 + count; n++) {
                byte[] ack = c.exchange(Orders.orm(n).getBytes(StandardCharsets.ISO_8859_1));
                String a = ack == null ? "" : new String(ack, StandardCharsets.ISO_8859_1);
                if ("AR".equals(Hl7Text.field(a, "MSA", 1)) && a.contains("send it again later") && RESENT.incrementAndGet() <= 5) {
                    // The previous release keeps server-side prepared statements; the first use of one after the
                    // migration fails in PostgreSQL ("cached plan must not change result type"), its transaction
                    // is rolled back and the message answered AR 207 "send it again later" (nothing stored), as
                    // docs/operations.md says. A sender resends; the resend must be AA and journaled once.
                    ack = c.exchange(Orders.orm(n).getBytes(StandardCharsets.ISO_8859_1));
                    a = ack == null ? "" : new String(ack, StandardCharsets.ISO_8859_1);
                }
                assertEquals("AA", Hl7Text.field(a, "MSA", 1), "order " + n + " on port " + port + ": " + a);
                ids.add(Orders.controlId(n));
            }
        }
        return ids;
    }

    private JsonNode api(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestEngine.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && !path.equals("/health")) {
            throw new AssertionError("GET " + path + " on " + port + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private Map<String, Integer> journal(int port) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        long before = Long.MAX_VALUE;
        while (true) {
            JsonNode page = api(port, "/api/messages?limit=1000" + (before == Long.MAX_VALUE ? "" : "&before=" + before));
            if (page.isEmpty()) {
                return out;
            }
            for (JsonNode n : page) {
                if ("AA".equals(n.path("ack").asText())) { // an AR'd attempt is journaled too, with nothing committed
                    out.merge(n.path("controlId").asText(), 1, Integer::sum);
                }
                before = n.path("id").asLong(); // the page continues after its last entry (newest first)
            }
        }
    }

    private static Set<String> versionsApplied(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            return new java.util.TreeSet<>(Tx.query(c, "SELECT module, version FROM schema_version", rs -> rs.getString(1) + "/"
                    + rs.getInt(2)));
        }
    }
}
