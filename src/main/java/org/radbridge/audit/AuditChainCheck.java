package org.radbridge.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit chain check at start (design.md §6, docs/security.md §1.5), bounded in time:
 * <ol>
 * <li>before the engine serves: the tail, from the newest logged checkpoint whose HMAC verifies with the audit
 * key (the trust anchor) to the head — records written since that checkpoint, at most one checkpoint interval
 * of traffic, since a checkpoint is logged at every start and stop ({@link AuditVerifier#verifyTail});</li>
 * <li>then the whole chain from its first record: synchronously as well when the records before the anchor are
 * at most {@code syncMaxRecords}, else on a background thread, with progress in {@link #status()}.</li>
 * </ol>
 * The status says exactly which seq range was verified and how. A broken chain (either step) is logged as an
 * ERROR once, recorded as a {@code SECURITY_ALERT} ({@code audit-chain-broken}, naming the first bad record)
 * once, reported to the {@code alarm} callback (the metric radbridge_audit_chain_broken) and makes the status
 * DOWN; when the whole-chain step later finds an earlier bad record, the status names that one.
 */
public final class AuditChainCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainCheck.class);

    /** The check's answer for /health: up or down, and what was verified. */
    public record Status(boolean up, String message) {
    }

    private final JdbcAuditTrail trail;
    private final List<Path> files;
    private final String instance;
    private final long syncMaxRecords;
    private final Consumer<Boolean> alarm;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean finished;
    private volatile Thread background;

    private volatile String tailText = "not verified yet";
    private volatile String wholeText;
    private volatile long backgroundTotal;
    private volatile String error;
    private volatile Long badSeq;
    private volatile String badProblem;
    private boolean alerted;

    /**
     * @param files the checkpoint files (log and head); {@code syncMaxRecords} how many records before the
     *     anchor are still verified before the engine serves; {@code alarm} gets true when the chain is broken
     */
    public AuditChainCheck(JdbcAuditTrail trail, List<Path> files, String instance, long syncMaxRecords, Consumer<Boolean> alarm) {
        this.trail = trail;
        this.files = List.copyOf(files);
        this.instance = instance;
        this.syncMaxRecords = syncMaxRecords;
        this.alarm = alarm;
    }

    /** Runs step 1 (and step 2 when it is small enough) now; starts step 2 in the background otherwise. */
    public Status runAtStart() {
        alarm.accept(false);
        long t0 = System.nanoTime();
        AuditVerifier.Result tail;
        try {
            long[] extent = trail.extent();
            long total = extent[1] == 0 ? 0 : extent[1] - extent[0] + 1;
            if (total > syncMaxRecords && new AuditVerifier(trail).anchor(files) == null) {
                // no trusted checkpoint to start from and too many records to verify before serving
                tailText = "no trusted checkpoint to start from at start";
                backgroundTotal = total;
                startBackground();
                return status();
            }
            tail = new AuditVerifier(trail).verifyTail(files);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!tail.ok()) {
            broken(tail, "at start");
        } else if (tail.records() == 0) {
            tailText = "the audit trail was empty at start";
            wholeText = tailText;
            LOG.info("Audit trail checked at start: {}", tail.summary().substring(4));
            finished = true;
            return status();
        } else if (tail.wholeChain()) {
            tailText = "verified seq " + tail.firstSeq() + ".." + tail.lastSeq() + " (whole chain) at start in " + ms + " ms";
            wholeText = tailText;
            LOG.info("Audit trail checked at start: {} ({} ms)", tail.summary().substring(4), ms);
            finished = true;
            return status();
        } else {
            tailText = "verified seq " + tail.firstSeq() + ".." + tail.lastSeq() + " from the checkpoint of " + tail.anchor().time()
                    + " (seq " + tail.anchor().seq() + ") at start in " + ms + " ms";
            LOG.info("Audit trail tail checked at start: {} ({} ms)", tail.summary().substring(4), ms);
        }
        long[] extent = trail.extent();
        backgroundTotal = extent[1] == 0 ? 0 : extent[1] - extent[0] + 1;
        long before = tail.anchor() == null ? backgroundTotal : tail.anchor().seq() - extent[0];
        if (before <= syncMaxRecords) {
            whole("at start");
        } else {
            startBackground();
        }
        return status();
    }

    private void startBackground() {
        Thread t = Threads.daemon("radbridge-audit-verify", () -> whole("in the background"));
        t.setPriority(Thread.MIN_PRIORITY);
        background = t;
        t.start();
    }

    /** Step 2: the whole chain. */
    private void whole(String how) {
        long t0 = System.nanoTime();
        try {
            AuditVerifier.Result r = new AuditVerifier(trail).progress(done).cancelWhen(() -> closed).verify(files);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!r.ok()) {
                broken(r, how);
            } else if (r.records() == 0) {
                wholeText = "the audit trail is empty";
            } else {
                wholeText = "verified seq " + r.firstSeq() + ".." + r.lastSeq() + " (whole chain) " + how + " in " + ms + " ms";
                LOG.info("Audit trail checked {}: {} ({} ms)", how, r.summary().substring(4), ms);
            }
        } catch (CancellationException e) {
            error = "stopped before the whole chain was verified";
        } catch (IOException | RuntimeException e) {
            error = "the whole-chain check could not run: " + e;
            LOG.error("Audit trail: the whole-chain check {} could not run", how, e);
        } finally {
            finished = true;
        }
    }

    private synchronized void broken(AuditVerifier.Result r, String when) {
        if (badProblem != null && (r.badSeq() == null || (badSeq != null && badSeq <= r.badSeq()))) {
            return; // already reported, with an earlier (or the same) record
        }
        badSeq = r.badSeq();
        badProblem = r.problem();
        alarm.accept(true);
        if (!alerted) {
            alerted = true;
            LOG.error("AUDIT TRAIL CHECK FAILED {}: {} (run radbridge audit verify)", when, r.problem());
            try {
                trail.record(AuditEvents.securityAlert(AuditEvents.AUDIT_CHAIN_BROKEN, AuditEvents.SYSTEM, instance, "audit-trail",
                        r.badSeq() == null ? null : String.valueOf(r.badSeq()), false, r.problem(), null));
            } catch (RuntimeException e) {
                LOG.error("the audit-chain-broken alert could not be recorded", e);
            }
        } else {
            LOG.warn("Audit trail check {}: an earlier bad record: {}", when, r.problem());
        }
    }

    /** Why the chain is broken (the first bad record), or null. */
    public String broken() {
        return badProblem;
    }

    /** The first bad seq, or null (intact, or only a checkpoint line is bad). */
    public Long badSeq() {
        return badSeq;
    }

    /** True when the whole chain has been checked (or the check ended otherwise). */
    public boolean finished() {
        return finished;
    }

    /** What was verified, for /health: DOWN when the chain is broken. */
    public Status status() {
        if (badProblem != null) {
            return new Status(false, "chain broken" + (badSeq == null ? "" : " at seq " + badSeq) + ": " + badProblem
                    + " (run radbridge audit verify)");
        }
        if (wholeText != null) {
            return new Status(true, wholeText.equals(tailText) ? wholeText : wholeText + "; " + tailText);
        }
        if (error != null) {
            return new Status(true, tailText + "; " + error);
        }
        return new Status(true, tailText + "; the whole chain is being verified in the background: " + done.get() + " of "
                + backgroundTotal + " records checked");
    }

    /** Stops the background step (the engine stops). */
    @Override
    public void close() {
        closed = true;
        Thread t = background;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
