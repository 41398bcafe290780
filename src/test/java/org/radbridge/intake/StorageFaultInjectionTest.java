package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.mllp.MllpClient;
import org.radbridge.store.Db;
import org.radbridge.testing.FaultyConnection;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/**
 * Storage fails in the middle of a stream of orders and comes back (issue 11, "fault-injection test for
 * storage"): 300 ORM^O01 over 4 connections to the real engine; after the first 80 the disk fills, after enough
 * refusals it is freed. Then: every AA'd message is in the journal exactly once with its effects (worklist item,
 * outbox row); no message answered AR has any committed effect (no AA journal row, worklist item or outbox row);
 * /health's database check was DOWN naming the disk-full error while storage failed, and is UP after; every
 * message sent after storage came back got AA, without a restart.
 *
 * <p>Ways to fill the disk: a JDBC wrapper of the writer's connections that fails like SQLite (or PostgreSQL) on a
 * full disk (always runs), and a real 64 MB tmpfs filled by a file (large enough that the file outboxes and the WAL written after it is freed fit) (needs root to mount; skipped otherwise).
 */
class StorageFaultInjectionTest {

    static final int TOTAL = 300;
    static final int BEFORE_FAILURE = 80;
    static final int CONNECTIONS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Fills and frees the storage. */
    interface Storage {
        void fill() throws Exception;

        void free() throws Exception;
    }

    static String order(int i) {
        String n = String.valueOf(i);
        return "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|SF-" + n + "|P|2.3.1\r"
                + "PID|1||SFPAT" + n + "^^^HOSP^MR||TESTER^ANNA" + n + "||19700315|F\r"
                + "PV1|1|O|RAD^CT1^^HOSP\r"
                + "ORC|NW|SFPLC" + n + "^DEMO_EMR|SFFIL" + n + "^DEMO_RIS||SC||^^^20261201093000^^R||20261201081500\r"
                + "OBR|1|SFPLC" + n + "^DEMO_EMR|SFFIL" + n + "^DEMO_RIS|71250^CT CHEST W/O CONTRAST^C4|||20261201081500"
                + "|||||||||||SFACC" + n + "|SFRP" + n + "|SFSPS" + n + "||||CT|||^^^20261201093000^^R\r"
                + "ZDS|1.2.826.0.1.3680043.10.543.77." + n + "^DEMO_RIS^Application^DICOM\r";
    }

    @Test
    void diskFullViaFailingWriterConnection() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        viaFailingWriterConnection(data, Db.embeddedUrl(data), new FaultyConnection.Faults(), "disk full (SQLITE_FULL)");
    }

    @Test
    @ExtendWith(PostgresDatabase.class)
    void diskFullViaFailingWriterConnectionOnPostgres(@PgUrl String url) throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        viaFailingWriterConnection(data, url, new FaultyConnection.Faults().postgres(), "disk full (SQLSTATE 53100)");
    }

    void viaFailingWriterConnection(Path data, String url, FaultyConnection.Faults faults, String healthSays) throws Exception {
        Db.wrapWriterConnections(url, faults::wrap);
        try {
            run(data, url, healthSays, new Storage() {
                @Override
                public void fill() {
                    faults.diskFull(true);
                }

                @Override
                public void free() {
                    faults.diskFull(false);
                }
            });
            assertTrue(faults.injected() > 0);
        } finally {
            Db.wrapWriterConnections(url, null);
        }
    }

    @Test
    void diskFullOnATmpfs() throws Exception {
        Path mount = tmp.resolve("tmpfs");
        Files.createDirectories(mount);
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "tmpfs needs Linux");
        boolean mounted = exec("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString()) == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root); the JDBC-wrapper variant covers this");
        try {
            Path data = mount.resolve("data");
            Files.createDirectories(data);
            Path filler = mount.resolve("filler");
            run(data, Db.embeddedUrl(data), "disk full (SQLITE_FULL)", new Storage() {
                @Override
                public void fill() throws IOException {
                    topUp(filler);
                }

                @Override
                public void free() throws IOException {
                    Files.deleteIfExists(filler);
                }
            });
        } finally {
            exec("umount", "-l", mount.toString());
        }
    }

    /** Appends to the filler until the file system is full (space SQLite frees is taken again on the next call). */
    static void topUp(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 1_000; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    static int exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** The load with storage failing in the middle; {@code url}: the engine's database; {@code healthSays}: the expected error. */
    void run(Path data, String url, String healthSays, Storage storage) throws Exception {
        Path export = tmp.resolve("wl");
        Files.createDirectories(export);
        AtomicReferenceArray<String> answers = new AtomicReferenceArray<>(TOTAL);
        long[] startedAt = new long[TOTAL];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger limit = new AtomicInteger(BEFORE_FAILURE);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> lastRefusal = new java.util.concurrent.atomic.AtomicReference<>();
        String healthWhileFailing = null;
        long freedAt;
        String healthAfter;
        try (TestEngine e = TestEngine.start(Map.of("radbridge.data-dir", data.toString(), "radbridge.db.url", url,
                "radbridge.worklist.export-dir", export.toString()))) {
            ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                running.add(senders.submit(() -> {
                    try (MllpClient client = e.client()) {
                        while (true) {
                            int i = next.get();
                            if (i >= TOTAL) {
                                return null;
                            }
                            if (i >= limit.get()) {
                                Thread.sleep(5); // paces the senders: wait for the next release of the limit
                                continue;
                            }
                            if (!next.compareAndSet(i, i + 1)) {
                                continue;
                            }
                            startedAt[i] = System.nanoTime();
                            byte[] ack = client.exchange(order(i).getBytes(StandardCharsets.UTF_8));
                            String text = new String(ack, StandardCharsets.UTF_8);
                            String code = Hl7Text.field(text, "MSA", 1);
                            answers.set(i, code);
                            if (!"AA".equals(code)) {
                                lastRefusal.set(text.replace('\r', '\n'));
                                refused.incrementAndGet();
                            }
                            answered.incrementAndGet();
                        }
                    }
                }));
            }
            awaitAnswered(answered, BEFORE_FAILURE);
            assertEquals(0, refused.get(), () -> "all AA before the disk fills: " + lastRefusal.get());
            storage.fill();
            // while full: keep sending in steps of 20 until enough refusals, watching /health
            while (refused.get() < 20 && limit.get() < TOTAL - 80) {
                limit.addAndGet(20);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (answered.get() < limit.get() && System.nanoTime() < deadline) {
                    String h = databaseCheckIfDown(e);
                    if (h != null) {
                        healthWhileFailing = h;
                    }
                    Thread.sleep(20);
                }
                awaitAnswered(answered, limit.get());
                storage.fill(); // tmpfs: take whatever SQLite freed
            }
            String h = databaseCheckIfDown(e);
            healthWhileFailing = h != null ? h : healthWhileFailing;
            assertTrue(refused.get() > 0, "the full disk was never noticed");
            storage.free();
            freedAt = System.nanoTime();
            limit.set(TOTAL);
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
            senders.shutdown();
            healthAfter = awaitDatabaseUp(e);
        }
        List<String> problems = checkJournal(url, answers, startedAt, freedAt);
        assertEquals(List.of(), problems, "journal and effects against the answers");
        assertTrue(healthWhileFailing != null && healthWhileFailing.contains(healthSays),
                "/health named the storage problem while failing: " + healthWhileFailing);
        assertEquals(null, healthAfter, "/health database check UP again");
    }

    static void awaitAnswered(AtomicInteger answered, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (answered.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(answered.get() >= n, "answered " + answered.get() + " of " + n);
    }

    /** The database check's detail when it is DOWN, else null. */
    static String databaseCheckIfDown(TestEngine e) throws Exception {
        JsonNode db = JSON.readTree(e.get("/health").body()).path("checks").path("database");
        return "DOWN".equals(db.path("status").asText()) ? db.path("detail").asText() : null;
    }

    /** Waits for the database check to be UP; returns its detail if it stays DOWN. */
    static String awaitDatabaseUp(TestEngine e) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String down = databaseCheckIfDown(e);
        while (down != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            down = databaseCheckIfDown(e);
        }
        return down;
    }

    /** Every message checked against the database; returns what is wrong (empty when consistent). */
    static List<String> checkJournal(String url, AtomicReferenceArray<String> answers, long[] startedAt, long freedAt)
            throws Exception {
        List<String> problems = new ArrayList<>();
        int aa = 0;
        int ar = 0;
        int after = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            for (int i = 0; i < TOTAL; i++) {
                String code = answers.get(i);
                List<long[]> accepted = rows(c, "SELECT id, 0 FROM messages WHERE control_id = ? AND ack_code = 'AA'", "SF-" + i);
                long items = count(c, "SELECT count(*) FROM worklist_items WHERE accession = ?", "SFACC" + i);
                long outbox = count(c, "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.control_id = ?",
                        "SF-" + i);
                if ("AA".equals(code)) {
                    aa++;
                    if (accepted.size() != 1 || items != 1 || outbox < 1) {
                        problems.add("SF-" + i + " AA but journal AA rows " + accepted.size() + ", worklist items " + items
                                + ", outbox rows " + outbox);
                    }
                } else if ("AR".equals(code)) {
                    ar++;
                    if (!accepted.isEmpty() || items != 0 || outbox != 0) {
                        problems.add("SF-" + i + " AR but journal AA rows " + accepted.size() + ", worklist items " + items
                                + ", outbox rows " + outbox);
                    }
                } else {
                    problems.add("SF-" + i + " answered " + code);
                }
                if (startedAt[i] > freedAt) {
                    after++;
                    if (!"AA".equals(code)) {
                        problems.add("SF-" + i + " sent after storage came back but answered " + code);
                    }
                }
            }
        }
        if (ar == 0 || aa < BEFORE_FAILURE || after < 50) {
            problems.add("AA " + aa + ", AR " + ar + ", sent after recovery " + after);
        }
        return problems;
    }

    static List<long[]> rows(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                List<long[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
                return out;
            }
        }
    }

    static long count(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
