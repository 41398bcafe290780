package org.radbridge.audit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the signed checkpoints of design.md §6: the head file whenever the chain's head moved (checked
 * every {@code headMillis}), a checkpoint line every {@code checkpointSeconds} and at start and stop, and
 * purges records older than the retention — only up to a logged checkpoint, with a purge record in the
 * chain. Deleting records newer than the newest head written is the one thing a checkpoint cannot see:
 * that window is {@code headMillis} long. A failing step (database or disk) is logged once with its stack
 * trace, then at most once a minute, and once when it works again.
 */
public final class AuditCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final JdbcAuditTrail trail;
    private final CheckpointLog log;
    private final String instance;
    private final ScheduledExecutorService scheduler = Threads.scheduler("radbridge-audit-checkpoints");
    private final RateLimitedLog failures = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
    private long lastHeadSeq = -1;
    private long lastLoggedSeq = -1;

    public AuditCheckpointer(JdbcAuditTrail trail, CheckpointLog log, String instance) {
        this.trail = trail;
        this.log = log;
        this.instance = instance;
    }

    /** The checkpoint files the check at start reads (the log and the head file). */
    public List<java.nio.file.Path> files() {
        return List.of(log.logFile(), log.headFile());
    }

    /** Starts the periodic writes (and purges when {@code retentionDays} > 0). */
    public void start(long headMillis, long checkpointSeconds, int retentionDays) {
        logCheckpoint();
        scheduler.scheduleWithFixedDelay(() -> quietly("head", this::writeHead), headMillis, headMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> quietly("checkpoint", this::logCheckpoint), checkpointSeconds, checkpointSeconds,
                TimeUnit.SECONDS);
        if (retentionDays > 0) {
            scheduler.scheduleWithFixedDelay(() -> quietly("purge", () -> purge(retentionDays)), 60, 6 * 3600, TimeUnit.SECONDS);
        }
    }

    private void quietly(String what, Runnable r) {
        try {
            r.run();
            failures.recovered(what, "audit {} works again", what);
        } catch (RuntimeException e) {
            failures.failure(what, e, "audit {} failed: {}", what, e.toString());
        }
    }

    /** Replaces the head file when the head moved. */
    public synchronized void writeHead() {
        Checkpoint c = trail.checkpoint(Checkpoint.HEAD, instance);
        if (c == null || c.seq() == lastHeadSeq) {
            return;
        }
        try {
            log.writeHead(c);
            lastHeadSeq = c.seq();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Appends a checkpoint line (and refreshes the head file) when the head moved since the last one. */
    public synchronized Checkpoint logCheckpoint() {
        Checkpoint c = trail.checkpoint(Checkpoint.CHECKPOINT, instance);
        if (c == null) {
            return null;
        }
        try {
            if (c.seq() != lastLoggedSeq) {
                log.append(c);
                lastLoggedSeq = c.seq();
            }
            log.writeHead(Checkpoint.signed(trail.key(), Checkpoint.HEAD, c.seq(), c.hash(), c.count(), c.first(), c.at(), instance));
            lastHeadSeq = c.seq();
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Purges the records up to the newest logged checkpoint older than {@code retentionDays}; returns the
     * number of records purged.
     */
    public synchronized int purge(int retentionDays) {
        long before = System.currentTimeMillis() - retentionDays * 86_400_000L;
        Checkpoint boundary = null;
        try {
            List<CheckpointLog.Entry> entries = CheckpointLog.read(log.logFile());
            for (CheckpointLog.Entry e : entries) {
                Checkpoint c = e.checkpoint();
                if (c != null && Checkpoint.CHECKPOINT.equals(c.kind()) && c.at() < before && c.verify(trail.key())
                        && (boundary == null || c.seq() > boundary.seq())) {
                    boundary = c;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (boundary == null) {
            return 0;
        }
        Checkpoint b = boundary;
        int n = trail.db().writeAndWait(tx -> trail.purgeThrough(tx, b, instance));
        if (n > 0) {
            try {
                log.append(Checkpoint.signed(trail.key(), Checkpoint.PURGE, b.seq(), b.hash(), n, b.first(), System.currentTimeMillis(),
                        instance));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            LOG.info("Purged {} audit records up to seq {} (checkpoint of {}, radbridge.audit.retention-days={})", n, b.seq(),
                    b.time(), retentionDays);
        }
        return n;
    }

    /** Stops the schedule and writes a final checkpoint. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            logCheckpoint();
        } catch (RuntimeException e) {
            LOG.warn("final audit checkpoint failed", e);
        }
    }
}
