package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.store.Db;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QUERY audit records of the MWL SCP (design.md §6, "every MWL query"), appended to the audit trail in
 * one transaction per {@value #INTERVAL_MS} ms instead of one per query, so a query is neither delayed by
 * nor charged for its own commit (a commit per query cost about 1 ms of CPU). Records still pending are
 * written when the engine stops.
 */
final class QueryAudit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryAudit.class);
    static final long INTERVAL_MS = 200;

    private final Db db;
    private final AuditTrail audit;
    private final ConcurrentLinkedQueue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    QueryAudit(Db db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
        this.timer = Threads.scheduler("mwl-query-audit");
        timer.scheduleWithFixedDelay(this::flush, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    void record(AuditEvent e) {
        pending.add(e);
        if (closed) {
            flush();
        }
    }

    /** Writes the pending records in one unit of the group-commit writer and waits for it. */
    void flush() {
        List<AuditEvent> batch = new ArrayList<>();
        for (AuditEvent e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.writeAndWait(tx -> {
                for (AuditEvent e : batch) {
                    audit.record(tx, e);
                }
                return null;
            });
        } catch (RuntimeException ex) {
            LOG.error("{} MWL query audit record(s) could not be written", batch.size(), ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
