package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.radbridge.testing.FaultyConnection;
import org.radbridge.testing.FaultyConnection.CommitFailure;
import org.slf4j.LoggerFactory;
import org.radbridge.testing.Waits;

/**
 * The group-commit writer with a connection that fails on demand ({@link FaultyConnection}): a unit is
 * reported successful (future completed, after-commit hooks run) only if its batch committed; after any failure
 * the writer starts a fresh transaction and the next batch commits; a caller that times out leaves nothing
 * behind; a writer error fails the batch and is logged once with its stack trace.
 */
class GroupCommitWriterTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FaultyConnection.Faults faults = new FaultyConnection.Faults();
    private final Set<String> hooksRun = ConcurrentHashMap.newKeySet();
    private Db db;
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void open() {
        Db.wrapWriterConnections(Db.embeddedUrl(dir), faults::wrap);
        db = Db.open(new Db.Config("embedded", null, null, dir, "NORMAL", 2, 512, Duration.ofSeconds(3)));
        db.writeAndWait(tx -> tx.update("CREATE TABLE t (name TEXT NOT NULL)"));
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(GroupCommitWriter.class)).addAppender(log);
    }

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(GroupCommitWriter.class)).detachAppender(log);
        db.close();
        Db.wrapWriterConnections(Db.embeddedUrl(dir), null);
    }

    @Test
    void savepointFailureInAMultiUnitBatchReportsNoRolledBackUnitAsCommitted() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            Map<String, CompletableFuture<Object>> batch = batchOf(List.of("a", "b", "c"), () -> faults.failSavepoint(2));
            assertConsistent(batch);
            assertTrue(failed(batch.get("b")), "the unit whose savepoint failed is not reported committed");
            assertEquals(1, faults.injected());
            assertWriterWorksAgain();
        });
    }

    @ParameterizedTest
    @EnumSource(value = CommitFailure.class, names = {"KEEP_TRANSACTION", "AUTO_ROLLBACK", "COMMIT_THEN_THROW"})
    void commitFailureFailsTheWholeBatchAndTheNextBatchCommits(CommitFailure how) throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            Map<String, CompletableFuture<Object>> batch = batchOf(List.of("a", "b", "c"), () -> faults.failCommits(2, 1, how));
            for (var e : batch.entrySet()) {
                assertTrue(failed(e.getValue()), e.getKey() + ": a unit whose commit failed is reported failed");
                assertFalse(hooksRun.contains(e.getKey()), e.getKey() + ": no after-commit hook");
            }
            if (how != CommitFailure.COMMIT_THEN_THROW) {
                assertEquals(List.of(), rows(), "nothing of the failed batch is stored");
            }
            Db.Health down = db.health();
            assertFalse(down.up());
            assertTrue(down.detail().startsWith("commit failed: disk full (SQLITE_FULL) since "), down.detail());
            List<String> before = rows();
            assertWriterWorksAgain();
            // after the failed commit, a lone unit and a batch each commit exactly once, in a transaction of their own
            Map<String, CompletableFuture<Object>> next = batchOf(List.of("d", "e"), () -> { });
            assertConsistent(next);
            assertTrue(next.values().stream().noneMatch(GroupCommitWriterTest::failed));
            List<String> expected = new ArrayList<>(before);
            expected.addAll(List.of("ok", "d", "e"));
            assertEquals(expected, rows());
            Db.Health up = db.health();
            assertTrue(up.up(), up.detail());
            assertTrue(up.detail().contains("recovered at"), up.detail());
        });
    }

    @Test
    void healthTurnsUpWithoutTrafficOnceTheDiskHasRoomAgain() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            faults.diskFull(true);
            assertTrue(failed(insert("a")));
            Waits.holds("the idle writer's probes fail too", Duration.ofNanos(2 * GroupCommitWriter.PROBE_INTERVAL_NANOS), () -> !db.health().up());
            Db.Health down = db.health();
            assertFalse(down.up());
            assertTrue(down.detail().contains("disk full (SQLITE_FULL)"), down.detail());
            faults.diskFull(false);
            awaitUp(); // no unit submitted: the writer's own probe committed
            assertEquals(List.of(), rows());
        });
    }

    @Test
    void storageErrorInsideAUnitThatTheUnitSwallowsFailsTheBatchAndCommitsNothingOfIt() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            CountDownLatch release = block();
            CompletableFuture<Object> a = insert("a");
            CompletableFuture<Object> b = db.write(tx -> {
                try {
                    tx.update("INSERT INTO t (name) VALUES (?)", "b1");
                } catch (SQLException full) {
                    // a unit that carries on after a storage error: SQLite may have ended the transaction
                }
                tx.update("INSERT INTO t (name) VALUES (?)", "b2");
                return null;
            });
            faults.failUpdate(2); // a's insert passes, b's first one fails as on a full disk
            release.countDown();
            await(a, b);
            assertTrue(failed(a) && failed(b), "a storage error may have rolled back the whole batch");
            assertEquals(List.of(), rows(), "no statement ran outside the transaction");
            assertWriterWorksAgain();
        });
    }

    @Test
    void aWriteThatTimesOutNeverRunsAndARunningOneIsWaitedFor() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            CountDownLatch release = block();
            long t0 = System.nanoTime();
            StoreException timeout = assertThrows(StoreException.class,
                    () -> db.writeAndWait(tx -> tx.update("INSERT INTO t (name) VALUES (?)", "late")));
            assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
            Db.Health stalled = db.health();
            assertFalse(stalled.up());
            assertTrue(stalled.detail().startsWith("database writer stalled"), stalled.detail());
            release.countDown();
            assertWriterWorksAgain();
            assertEquals(List.of("ok"), rows(), "the withdrawn unit never ran");
            // a unit that has started is not withdrawn: its caller waits for the commit, past the timeout
            int r = db.writeAndWait(tx -> {
                Thread.sleep(4_500); // a slow unit of work (the load under test), not a wait
                return tx.update("INSERT INTO t (name) VALUES (?)", "slow");
            });
            assertEquals(1, r);
            assertEquals(List.of("ok", "slow"), rows());
            awaitUp();
        });
    }

    @Test
    void writerLoopErrorFailsEveryPendingUnitAndLogsTheStackTraceOnce() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            Map<String, CompletableFuture<Object>> batch = batchOf(List.of("a", "b", "c"),
                    () -> faults.failCommits(2, 2, CommitFailure.UNCHECKED));
            for (var e : batch.entrySet()) {
                ExecutionException ex = assertThrows(ExecutionException.class, () -> e.getValue().get());
                assertTrue(ex.getCause() instanceof StoreException, ex.toString());
            }
            CompletableFuture<Object> again = insert("d"); // the second injected error
            assertTrue(failed(again));
            assertEquals(List.of(), rows());
            long withStack = log.list.stream().filter(ev -> ev.getThrowableProxy() != null).count();
            assertEquals(1, withStack, "one stack trace for one kind of failure: " + log.list);
            assertFalse(db.health().up());
            assertWriterWorksAgain();
            assertTrue(log.list.stream().anyMatch(ev -> ev.getFormattedMessage().startsWith("database writes work again")));
        });
    }

    /**
     * A caller that waits ({@link Db#writeAndWait}) is woken by the writer itself, after the commit (no hop through
     * the completion pool); on-commit hooks run on the writer in commit order, only for committed units, and
     * never for a unit rolled back in a committed batch; after-commit hooks still run (on the pool).
     */
    @Test
    void waitedUnitsAreCompletedByTheWriterAndOnCommitHooksRunInCommitOrder() throws Exception {
        assertTimeoutPreemptively(BOUND, () -> {
            List<String> onCommit = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<String> onCommitThreads = ConcurrentHashMap.newKeySet();
            CountDownLatch release = block();
            List<Thread> callers = new ArrayList<>();
            Map<String, String> completedBy = new ConcurrentHashMap<>();
            for (String n : List.of("a", "b", "c", "bad")) {
                Thread t = new Thread(() -> {
                    try {
                        db.writeAndWait(tx -> {
                            tx.update("INSERT INTO t (name) VALUES (?)", n);
                            tx.onCommit(() -> {
                                onCommit.add(n);
                                onCommitThreads.add(Thread.currentThread().getName());
                            });
                            tx.afterCommit(() -> hooksRun.add(n));
                            if (n.equals("bad")) {
                                throw new IllegalStateException("rolled back alone");
                            }
                            return n;
                        });
                        completedBy.put(n, "ok");
                    } catch (IllegalStateException e) {
                        completedBy.put(n, "failed");
                    }
                });
                t.start();
                callers.add(t);
                Waits.until("unit " + n + " queued", Duration.ofSeconds(10), () -> t.getState() == Thread.State.WAITING
                        || t.getState() == Thread.State.TIMED_WAITING);
            }
            release.countDown();
            for (Thread t : callers) {
                t.join(20_000);
                assertFalse(t.isAlive());
            }
            assertEquals(Map.of("a", "ok", "b", "ok", "c", "ok", "bad", "failed"), completedBy);
            Waits.until("on-commit hooks run", Duration.ofSeconds(10), () -> onCommit.size() >= 3);
            assertEquals(List.of("a", "b", "c"), onCommit, "on-commit hooks of the committed units, in commit order");
            assertEquals(Set.of("radbridge-writer"), onCommitThreads);
            assertEquals(List.of("a", "b", "c"), rows());
            Waits.until("after-commit hooks run", Duration.ofSeconds(10), () -> hooksRun.containsAll(List.of("a", "b", "c")));
            assertFalse(hooksRun.contains("bad"));
        });
    }

    /**
     * Blocks the writer with a unit of its own, queues these units, arms the fault and releases the writer: the
     * units form one batch, after the blocker's (whose commit is the next one, the batch's the second).
     */
    private Map<String, CompletableFuture<Object>> batchOf(List<String> names, Runnable arm) throws Exception {
        CountDownLatch release = block();
        Map<String, CompletableFuture<Object>> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, insert(n));
        }
        arm.run();
        release.countDown();
        await(out.values().toArray(CompletableFuture[]::new));
        return out;
    }

    private CountDownLatch block() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        db.write(tx -> {
            started.countDown();
            release.await(20, TimeUnit.SECONDS);
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        return release;
    }

    private CompletableFuture<Object> insert(String name) {
        return db.write(tx -> {
            tx.update("INSERT INTO t (name) VALUES (?)", name);
            tx.afterCommit(() -> hooksRun.add(name));
            return name;
        });
    }

    private static void await(CompletableFuture<?>... fs) {
        try {
            CompletableFuture.allOf(fs).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // some failed
        } catch (Exception e) {
            throw new AssertionError("units not completed", e);
        }
    }

    private static boolean failed(CompletableFuture<?> f) {
        await(f);
        return f.isCompletedExceptionally();
    }

    /** Every unit reported successful is stored and had its hook run; every failed one is not stored. */
    private void assertConsistent(Map<String, CompletableFuture<Object>> batch) throws Exception {
        List<String> stored = rows();
        for (var e : batch.entrySet()) {
            boolean ok = !failed(e.getValue());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // hooks run right after the futures complete
            while (ok && !hooksRun.contains(e.getKey()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(ok, stored.contains(e.getKey()), e.getKey() + " reported " + (ok ? "committed" : "failed") + ", rows " + stored);
            assertEquals(ok, hooksRun.contains(e.getKey()), e.getKey() + ": after-commit hook run only if committed");
        }
    }

    private void assertWriterWorksAgain() throws InterruptedException {
        int n = db.writeAndWait(tx -> tx.update("INSERT INTO t (name) VALUES (?)", "ok"));
        assertEquals(1, n);
        assertTrue(rows().contains("ok"));
        awaitUp();
    }

    /** /health's database check is UP (the writer marks its batch finished just after completing the futures). */
    private void awaitUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!db.health().up() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(db.health().up(), db.health().detail());
    }

    private List<String> rows() {
        return db.read(c -> org.radbridge.store.Tx.query(c, "SELECT name FROM t ORDER BY rowid", rs -> rs.getString(1)));
    }
}
