package org.radbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * `radbridge backup` while the engine receives orders, `radbridge restore` into a new data directory, an engine
 * started on it: every order acknowledged AA before the backup began is in the restored journal exactly once, no
 * control id twice, the restored audit chain verifies (/health UP), each restored order has its worklist item,
 * and the restored engine takes new orders.
 */
class BackupRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backupWhileReceivingRestoresEveryAcknowledgedMessage() throws Exception {
        Path work = Files.createTempDirectory("radbridge-backup");
        Path backup = work.resolve("backup");
        Path restored = work.resolve("restored-data");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> ackedBeforeBackup;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger afterBackupStarted = new AtomicInteger();
        AtomicBoolean backupRunning = new AtomicBoolean();
        try (TestEngine e = TestEngine.start()) {
            List<Thread> clients = new ArrayList<>();
            for (long base : new long[] {100_000, 200_000}) {
                Thread t = new Thread(() -> {
                    try (MllpClient c = e.client()) {
                        for (long i = base; !stop.get(); i++) {
                            byte[] ack = c.exchange(Orders.orm(i).getBytes(StandardCharsets.ISO_8859_1));
                            if (ack != null && "AA".equals(Hl7Text.field(new String(ack, StandardCharsets.US_ASCII), "MSA", 1))) {
                                acked.add(Orders.controlId(i));
                                if (backupRunning.get()) {
                                    afterBackupStarted.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                t.start();
                clients.add(t);
            }
            awaitCount(acked, 100);
            // the audit head and checkpoints are written on their own schedule: the backup must find them to copy
            org.radbridge.testing.Waits.until("the audit head or a checkpoint is written", java.time.Duration.ofSeconds(60),
                    () -> Files.isRegularFile(e.dataDir().resolve("audit").resolve("checkpoints.log"))
                            || Files.isRegularFile(e.dataDir().resolve("audit").resolve("head.json")));
            ackedBeforeBackup = new HashSet<>(acked);
            backupRunning.set(true);
            Path config = work.resolve("source.properties");
            Files.writeString(config, "radbridge.data-dir=" + e.dataDir() + "\nradbridge.audit.key=test-audit-key\n");
            String[] out = cli("backup", backup.toString(), "--config", config.toString());
            assertEquals("0", out[0], out[2]);
            JsonNode summary = JSON.readTree(out[1]);
            assertTrue(summary.path("databaseBytes").asLong() > 0, out[1]);
            // the engine kept taking orders while the backup ran, and after it
            int during = afterBackupStarted.get();
            awaitCount(acked, acked.size() + 20);
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertTrue(Files.isRegularFile(backup.resolve("backup.json")));
            assertTrue(Files.isRegularFile(backup.resolve("audit").resolve("checkpoints.log"))
                    || Files.isRegularFile(backup.resolve("audit").resolve("head.json")), "audit files in the backup");
            System.out.println("backup: " + out[1].strip() + "; acked before " + ackedBeforeBackup.size() + ", while it ran " + during
                    + ", total " + acked.size());
        }

        Path config = work.resolve("restore.properties");
        Files.writeString(config, "radbridge.data-dir=" + restored + "\nradbridge.audit.key=test-audit-key\n");
        String[] res = cli("restore", backup.toString(), "--config", config.toString());
        assertEquals("0", res[0], res[2]);
        String[] again = cli("restore", backup.toString(), "--config", config.toString());
        assertEquals("2", again[0]);
        assertTrue(again[2].contains("a database exists"), again[2]);

        try (TestEngine r = TestEngine.start(Map.of("radbridge.data-dir", restored.toString()))) {
            JsonNode health = JSON.readTree(r.get("/health").body());
            assertEquals("UP", health.path("checks").path("audit-trail").path("status").asText(), health.toString());
            Map<String, Integer> journal = new HashMap<>();
            long before = Long.MAX_VALUE;
            while (true) {
                JsonNode page = JSON.readTree(r.get("/api/messages?limit=1000" + (before == Long.MAX_VALUE ? "" : "&before=" + before)).body());
                if (page.isEmpty()) {
                    break;
                }
                for (JsonNode n : page) {
                    journal.merge(n.path("controlId").asText(), 1, Integer::sum);
                    before = n.path("id").asLong(); // the page continues after its last entry (newest first)
                }
            }
            for (String id : ackedBeforeBackup) {
                assertEquals(1, journal.getOrDefault(id, 0), "order " + id + " (AA before the backup) in the restored journal");
            }
            for (Map.Entry<String, Integer> j : journal.entrySet()) {
                assertEquals(1, j.getValue(), j.getKey() + " journaled once");
                assertTrue(acked.contains(j.getKey()), j.getKey() + " was acknowledged");
            }
            int items = JSON.readTree(r.get("/api/worklist?limit=100000").body()).size();
            assertEquals(journal.size(), items, "one worklist item per restored order");
            String ack = r.send(Orders.orm(300_000).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        } finally {
            TestEngine.deleteTree(work);
        }
    }

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RadBridgeCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    private static void awaitCount(Set<String> s, int n) throws InterruptedException {
        org.radbridge.testing.Waits.until(n + " orders acknowledged", java.time.Duration.ofSeconds(120), () -> s.size() >= n);
    }
}
