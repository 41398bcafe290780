package org.radbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: takes queued units of work, runs each under its own savepoint inside one
 * transaction, commits once per batch (group commit: one fsync for all of them), then completes the
 * units' futures: a unit whose caller waits for it ({@link Db#writeAndWait}: a parked thread, no dependent
 * actions) is completed on the writer thread itself (one wake-up of that thread, instead of a hop through
 * the completion pool and a second wake-up); the others (asynchronous
 * callers, whose dependent actions must not run on the writer) and every unit's after-commit hooks run on
 * a small completion pool. Quick on-commit hooks ({@link Tx#onCommit}) run on the writer thread right after
 * the wake-ups, in commit order, before the next batch starts.
 *
 * <p>A unit is reported successful only when the COMMIT of its batch returned normally. A unit that throws
 * is rolled back to its savepoint alone. Anything that leaves the transaction in doubt (a failed SAVEPOINT,
 * RELEASE, ROLLBACK TO or COMMIT, a storage error inside a unit, an error of the writer itself) fails every
 * unit of the batch and discards the connection: it is rolled back and closed, and the next batch opens a
 * new one and so a fresh transaction. This matters for SQLite, whose SQLITE_FULL during COMMIT may roll the
 * transaction back by itself (lang_transaction.html, "Response To Errors Within A Transaction"): the JDBC
 * driver then never begins a new one, and every later SAVEPOINT/RELEASE or statement would commit on its
 * own while its batch is reported failed. A COMMIT that threw is reported failed even if it did happen (the
 * driver cannot tell); the sender's resend is then answered from the journal as a duplicate.
 *
 * <p>A caller that gives up waiting ({@link Unit#cancel}) removes its unit if it has not started; a unit
 * already running is not cancellable, and its caller waits for the batch's outcome.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Prepared statements kept on the writer's connection (a few dozen distinct ones are in use). */
    private static final int STATEMENTS = 256;
    /** Longest wait for more units of a batch (see {@link #gather}). */
    static final long GATHER_NANOS = 1_000_000;
    /** Pause after the database could not be opened, before the next batch tries again. */
    private static final long REOPEN_PAUSE_MILLIS = 500;
    /** While writes fail and no unit comes, how often an idle writer tries a write of its own (SQLite). */
    static final long PROBE_INTERVAL_NANOS = 2_000_000_000L;

    /** One queued unit of work and its caller's future. */
    static final class Unit<T> {
        private static final int QUEUED = 0;
        private static final int STARTED = 1;
        private static final int CANCELLED = 2;

        private final TxWork<T> work;
        /** The caller only waits on the future (no dependent actions): it may be completed on the writer thread. */
        private final boolean waited;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private final long enqueuedNanos = System.nanoTime();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Unit(TxWork<T> work) {
            this(work, false);
        }

        Unit(TxWork<T> work, boolean waited) {
            this.work = work;
            this.waited = waited;
        }

        CompletableFuture<T> future() {
            return future;
        }

        /** The caller gives up: true if the unit had not started and now never will. */
        boolean cancel() {
            return state.compareAndSet(QUEUED, CANCELLED);
        }

        private boolean start() {
            return state.compareAndSet(QUEUED, STARTED);
        }
    }

    /** Opens the writer's connection (autocommit off); used again after a failure discarded it. */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    /** Units that start no batch of their own: each joins the next batch, ahead of its units (see {@link #submitDeferred}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Unit<?>> deferred = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ConnectionFactory factory;
    private Connection connection;
    private StatementCache statements;
    private final Dialect dialect;
    private final int maxBatch;
    private final Thread thread;
    private final ExecutorService completions;
    private final WriterHealth health = new WriterHealth();
    private volatile boolean running = true;
    private volatile long batchStartedNanos;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong units = new AtomicLong();
    private int lastBatch;
    private long lastProbeNanos;
    private final AtomicLong workNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile java.util.function.LongConsumer commitObserver = nanos -> { };

    GroupCommitWriter(ConnectionFactory factory, Dialect dialect, int maxBatch) throws SQLException {
        this.factory = factory;
        this.connection = factory.open();
        this.statements = new StatementCache(connection, STATEMENTS);
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.completions = Executors.newFixedThreadPool(4, Threads.daemons("radbridge-commit-done"));
        this.thread = Threads.startDaemon("radbridge-writer", this::loop);
    }

    <T> Unit<T> submit(TxWork<T> work) {
        return submit(work, false);
    }

    /**
     * Queues a unit; {@code waited}: its caller only blocks on the future (attaches no dependent action), so
     * the writer may complete it on its own thread.
     */
    <T> Unit<T> submit(TxWork<T> work, boolean waited) {
        Unit<T> u = new Unit<>(work, waited);
        if (!running) {
            u.future.completeExceptionally(new StoreException("database writer is stopped"));
            return u;
        }
        queue.add(u);
        return u;
    }

    /**
     * A unit that rides with the next batch, run ahead of that batch's units: it adds no commit (no fsync) of its own.
     * Its caller makes sure a batch follows (any {@link #submit}, e.g. a no-op unit, when it needs the commit).
     */
    <T> Unit<T> submitDeferred(TxWork<T> work) {
        Unit<T> u = new Unit<>(work);
        if (!running) {
            u.future.completeExceptionally(new StoreException("database writer is stopped"));
            return u;
        }
        deferred.add(u);
        return u;
    }

    /**
     * Why the writer cannot store now, or null: the last batch failed (until one commits), the writer
     * stopped, or it is stalled (a unit waited, or a batch ran, longer than {@code stallNanos}).
     */
    String problem(long stallNanos) {
        String p = health.problem();
        if (p != null) {
            return p;
        }
        if (!running) {
            return "database writer is stopped";
        }
        long now = System.nanoTime();
        Unit<?> head = queue.peek();
        if (head != null && now - head.enqueuedNanos > stallNanos) {
            return "database writer stalled: a write has waited " + (now - head.enqueuedNanos) / 1_000_000_000 + " s";
        }
        long started = batchStartedNanos;
        if (started != 0 && now - started > stallNanos) {
            return "database writer stalled: a batch has run for " + (now - started) / 1_000_000_000 + " s";
        }
        return null;
    }

    /** How the last failure episode ended, or null. */
    String lastRecovered() {
        return health.lastRecovered();
    }

    long batches() {
        return batches.get();
    }

    long units() {
        return units.get();
    }

    /** Time spent running units of work (SQL and the work's own code), in nanoseconds. */
    long workNanos() {
        return workNanos.get();
    }

    /** Time spent in COMMIT (the log write and, with synchronous=FULL, its fsync), in nanoseconds. */
    long commitNanos() {
        return commitNanos.get();
    }

    /** Called on the writer thread with the duration of each successful COMMIT, in nanoseconds (must be quick). */
    void commitObserver(java.util.function.LongConsumer observer) {
        this.commitObserver = observer;
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    probeIfFailing(batch);
                    continue;
                }
                for (Unit<?> d; batch.size() < maxBatch - 1 && (d = deferred.poll()) != null; ) {
                    batch.add(d);
                }
                int riders = batch.size();
                batch.add(first);
                queue.drainTo(batch, Math.max(0, maxBatch - batch.size()));
                gather(batch, riders);
                lastBatch = batch.size() - riders;
                runBatch(batch);
            } catch (InterruptedException e) {
                failAll(batch, new StoreException("database writer interrupted"));
                if (!running) {
                    break;
                }
            } catch (Throwable t) {
                abort(batch, "database writer error", t);
            } finally {
                batch.clear();
                batchStartedNanos = 0;
            }
        }
        List<Unit<?>> left = new ArrayList<>(deferred);
        deferred.clear();
        queue.drainTo(left);
        failAll(left, new StoreException("database writer is stopped"));
    }

    /**
     * Group commit's gathering step (the idea of PostgreSQL's commit_delay / commit_siblings): when the last
     * batch had several units, other callers are busy preparing theirs, so wait up to {@link #GATHER_NANOS}
     * for one more unit than the last batch had before committing. Every commit rewrites the last page of
     * each table and index it touches and syncs the log, so larger batches cost less per unit; a lone
     * caller (last batch of one) never waits.
     */
    private void gather(List<Unit<?>> batch, int riders) throws InterruptedException {
        int target = Math.min(maxBatch, lastBatch + 1 + riders);
        if (lastBatch <= 1 || batch.size() >= target) {
            return;
        }
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Unit<?> u = queue.poll(left, TimeUnit.NANOSECONDS);
            if (u == null) {
                return;
            }
            batch.add(u);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /**
     * While writes fail and nothing is queued, SQLite's writer rewrites the database header's user version
     * (a one-page write and commit) every {@link #PROBE_INTERVAL_NANOS}, so /health turns UP as soon as the disk
     * has room again rather than at the next message. PostgreSQL's writer waits for the next unit.
     */
    private void probeIfFailing(List<Unit<?>> batch) throws InterruptedException {
        long now = System.nanoTime();
        if (dialect != Dialect.SQLITE || health.problem() == null || now - lastProbeNanos < PROBE_INTERVAL_NANOS) {
            return;
        }
        lastProbeNanos = now;
        batch.add(new Unit<>(tx -> {
            int version = tx.queryOne("PRAGMA user_version", rs -> rs.getInt(1));
            return tx.update("PRAGMA user_version = " + version);
        }));
        runBatch(batch);
    }

    /** Opens a connection if the last one was discarded; if that fails, fails the batch and pauses. */
    private boolean ensureConnection(List<Unit<?>> batch) throws InterruptedException {
        if (connection != null) {
            return true;
        }
        try {
            connection = factory.open();
            statements = new StatementCache(connection, STATEMENTS);
            LOG.debug("database writer connection reopened");
            return true;
        } catch (SQLException e) {
            abort(batch, "cannot open the database", e);
            Thread.sleep(REOPEN_PAUSE_MILLIS);
            return false;
        }
    }

    private void runBatch(List<Unit<?>> batch) throws InterruptedException {
        if (!ensureConnection(batch)) {
            return;
        }
        batchStartedNanos = System.nanoTime();
        int n = batch.size();
        Object[] results = new Object[n];
        Throwable[] errors = new Throwable[n];
        Tx[] txs = new Tx[n];
        boolean savepoints = n > 1;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Unit<?> u = batch.get(i);
            if (!u.start()) {
                continue; // its caller gave up waiting: it never runs
            }
            Tx tx = new Tx(connection, dialect, statements);
            txs[i] = tx;
            Savepoint sp;
            try {
                sp = savepoints ? connection.setSavepoint() : null;
            } catch (SQLException e) {
                abort(batch, "savepoint failed", e);
                return;
            }
            try {
                results[i] = u.work.run(tx);
            } catch (Throwable t) {
                errors[i] = t;
            }
            if (tx.ended() != null) {
                // a storage error inside the unit (even one it caught): the transaction may be gone
                abort(batch, "write failed", tx.ended());
                return;
            }
            try {
                if (errors[i] == null) {
                    if (sp != null) {
                        connection.releaseSavepoint(sp);
                    }
                } else if (sp != null) {
                    connection.rollback(sp);
                } else {
                    connection.rollback();
                }
            } catch (SQLException e) {
                abort(batch, errors[i] == null ? "releasing a savepoint failed" : "rollback failed", e);
                return;
            }
        }
        long t1 = System.nanoTime();
        workNanos.addAndGet(t1 - t0);
        try {
            connection.commit();
        } catch (SQLException e) {
            abort(batch, "commit failed", e);
            return;
        }
        long committing = System.nanoTime() - t1;
        commitNanos.addAndGet(committing);
        commitObserver.accept(committing);
        for (int i = 0; i < n; i++) {
            if (txs[i] != null && errors[i] == null) {
                health.committed(); // a unit's writes are durable: storage works
                break;
            }
        }
        batches.incrementAndGet();
        units.addAndGet(n);
        // waited-for units are completed here (their callers are parked threads, see the class comment); the
        // others, and every after-commit hook, on the completion pool
        boolean rest = false;
        boolean[] open = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (txs[i] == null) {
                continue; // cancelled: its caller has its answer
            }
            Unit<?> u = batch.get(i);
            if (u.waited) {
                complete(u, results[i], errors[i]);
            } else {
                open[i] = true;
            }
            rest |= open[i] || errors[i] == null && !txs[i].afterCommitHooks().isEmpty();
        }
        // then the quick on-commit hooks, in commit order, before the next batch (after the wake-ups: they add no
        // latency to the answers of this batch)
        for (int i = 0; i < n; i++) {
            if (txs[i] != null && errors[i] == null) {
                for (Runnable r : txs[i].onCommitHooks()) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("on-commit hook failed: {}", e.toString());
                    }
                }
            }
        }
        if (!rest) {
            return;
        }
        List<Unit<?>> done = new ArrayList<>(batch);
        deliver(() -> {
            for (int i = 0; i < done.size(); i++) {
                if (txs[i] == null) {
                    continue; // cancelled: its caller has its answer
                }
                if (open[i]) {
                    complete(done.get(i), results[i], errors[i]);
                }
                if (errors[i] == null) {
                    for (Runnable r : txs[i].afterCommitHooks()) {
                        try {
                            r.run();
                        } catch (RuntimeException e) {
                            LOG.warn("after-commit hook failed", e);
                        }
                    }
                }
            }
        });
    }

    /**
     * The transaction is in doubt: record and log the failure (once per kind, see {@link WriterHealth}),
     * roll back and close the connection (the next batch opens a new one), and fail every unit of the batch.
     */
    private void abort(List<Unit<?>> batch, String what, Throwable cause) {
        health.failed(what, cause);
        discardConnection();
        failAll(batch, new StoreException(what + ": " + StorageErrors.describe(cause), cause));
    }

    private void discardConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback(); // fails if the database already rolled back: the close below settles it
        } catch (Throwable ignored) {
            // nothing left to roll back, or the connection is broken
        }
        try {
            statements.close();
            connection.close();
        } catch (Throwable e) {
            LOG.debug("closing the writer connection: {}", e.toString());
        }
        connection = null;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> u, Object result, Throwable error) {
        if (error != null) {
            u.future.completeExceptionally(error);
        } else {
            u.future.complete((T) result);
        }
    }

    private void failAll(List<Unit<?>> batch, StoreException e) {
        if (batch.isEmpty()) {
            return;
        }
        List<Unit<?>> done = new ArrayList<>(batch);
        deliver(() -> done.forEach(u -> u.future.completeExceptionally(e)));
    }

    /** Completes futures off the writer thread; inline if the pool is gone, so no caller is left waiting. */
    private void deliver(Runnable r) {
        try {
            completions.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.shutdown();
        try {
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            discardConnection();
        }
    }
}
