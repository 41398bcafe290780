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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: takes queued units of work, runs each under its own savepoint inside one
 * transaction, commits once per batch (group commit: one fsync for all of them), then completes the
 * units' futures on a small completion pool. A unit that throws is rolled back alone; a failed commit
 * fails every unit of the batch (the callers answer AR 207, never AA).
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Prepared statements kept on the writer's connection (a few dozen distinct ones are in use). */
    private static final int STATEMENTS = 256;
    /** Longest wait for more units of a batch (see {@link #gather}). */
    static final long GATHER_NANOS = 1_000_000;

    private record Unit<T>(TxWork<T> work, CompletableFuture<T> future) {
    }

    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    /** Opens the writer's connection (autocommit off); used again after the connection broke. */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory factory;
    private Connection connection;
    private StatementCache statements;
    private boolean suspect;
    private final Dialect dialect;
    private final int maxBatch;
    private final Thread thread;
    private final ExecutorService completions;
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong units = new AtomicLong();
    private int lastBatch;
    private final AtomicLong workNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();

    GroupCommitWriter(ConnectionFactory factory, Dialect dialect, int maxBatch) throws SQLException {
        this.factory = factory;
        this.connection = factory.open();
        this.statements = new StatementCache(connection, STATEMENTS);
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.completions = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "radbridge-commit-done");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "radbridge-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    <T> CompletableFuture<T> submit(TxWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new StoreException("database writer is stopped"));
            return f;
        }
        queue.add(new Unit<>(work, f));
        return f;
    }

    boolean healthy() {
        return healthy && running;
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

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                gather(batch);
                lastBatch = batch.size();
                runBatch(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Throwable t) {
                LOG.error("writer loop error: {}", t.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Group commit's gathering step (the idea of PostgreSQL's commit_delay / commit_siblings): when the last
     * batch had several units, other callers are busy preparing theirs, so wait up to {@link #GATHER_NANOS}
     * for one more unit than the last batch had before committing. Every commit rewrites the last page of
     * each table and index it touches and syncs the log, so larger batches cost less per unit; a lone
     * caller (last batch of one) never waits.
     */
    private void gather(List<Unit<?>> batch) throws InterruptedException {
        int target = Math.min(maxBatch, lastBatch + 1);
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

    /** After a failure, checks the connection and opens a new one if it is broken (database restarted). */
    private boolean ensureConnection(List<Unit<?>> batch) {
        if (!suspect) {
            return true;
        }
        try {
            if (connection != null && connection.isValid(2)) {
                suspect = false;
                return true;
            }
        } catch (SQLException ignored) {
            // reopen below
        }
        try {
            statements.close();
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
            connection = factory.open();
            statements = new StatementCache(connection, STATEMENTS);
            suspect = false;
            LOG.info("database writer reconnected");
            return true;
        } catch (SQLException e) {
            connection = null;
            healthy = false;
            failAll(batch, e);
            try {
                Thread.sleep(500);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void runBatch(List<Unit<?>> batch) {
        if (!ensureConnection(batch)) {
            return;
        }
        Object[] results = new Object[batch.size()];
        Throwable[] errors = new Throwable[batch.size()];
        Tx[] txs = new Tx[batch.size()];
        boolean single = batch.size() == 1;
        long t0 = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Tx tx = new Tx(connection, dialect, statements);
            txs[i] = tx;
            Savepoint sp = null;
            try {
                if (!single) {
                    sp = connection.setSavepoint();
                }
                results[i] = batch.get(i).work().run(tx);
                if (sp != null) {
                    connection.releaseSavepoint(sp);
                }
            } catch (Throwable t) {
                errors[i] = t;
                try {
                    if (sp != null) {
                        connection.rollback(sp);
                    } else {
                        connection.rollback();
                    }
                } catch (SQLException rb) {
                    LOG.error("rollback to savepoint failed: {}", rb.getMessage());
                    suspect = true;
                    try {
                        connection.rollback();
                    } catch (SQLException ignored) {
                        // broken connection
                    }
                    failAll(batch, rb);
                    return;
                }
            }
        }
        long t1 = System.nanoTime();
        workNanos.addAndGet(t1 - t0);
        try {
            connection.commit();
            commitNanos.addAndGet(System.nanoTime() - t1);
            healthy = true;
        } catch (SQLException e) {
            healthy = false;
            suspect = true;
            LOG.error("commit of {} units failed: {}", batch.size(), e.getMessage());
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is likely broken; the next batch will tell
            }
            failAll(batch, e);
            return;
        }
        batches.incrementAndGet();
        units.addAndGet(batch.size());
        List<Unit<?>> done = new ArrayList<>(batch);
        completions.execute(() -> {
            for (int i = 0; i < done.size(); i++) {
                complete(done.get(i), results[i], errors[i]);
                if (errors[i] == null) {
                    for (Runnable r : txs[i].afterCommitHooks()) {
                        try {
                            r.run();
                        } catch (RuntimeException e) {
                            LOG.warn("after-commit hook failed: {}", e.toString());
                        }
                    }
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> u, Object result, Throwable error) {
        if (error != null) {
            u.future().completeExceptionally(error);
        } else {
            u.future().complete((T) result);
        }
    }

    private void failAll(List<Unit<?>> batch, Throwable cause) {
        StoreException e = new StoreException("database commit failed: " + cause.getMessage(), cause);
        List<Unit<?>> done = new ArrayList<>(batch);
        completions.execute(() -> done.forEach(u -> u.future().completeExceptionally(e)));
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
        statements.close();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing writer connection: {}", e.getMessage());
        }
    }
}
