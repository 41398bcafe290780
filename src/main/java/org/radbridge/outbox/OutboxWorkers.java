package org.radbridge.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.radbridge.intake.Throwables;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-destination delivery workers. Each worker claims the oldest deliverable entry of up to N ordering
 * keys, delivers them one at a time, and records the outcome through the outcome table: DELIVERED ->
 * DONE; RETRY -> RETRYING with backoff (dead letter after the maximum attempts); PAUSE -> the destination
 * is paused and the entry waits; DEAD -> dead letter. Paused destinations hold their entries until resumed.
 *
 * <p>While the database cannot be written (disk full, database down) a worker backs off — its poll interval,
 * doubling up to {@value #MAX_FAILURE_BACKOFF_MILLIS} ms, or until new entries wake it — and stops sending the
 * rest of a batch whose outcome it cannot record (they stay claimed until the lease ends, then are sent again).
 * The failure is logged once with its stack trace, then at most once a minute per kind, and once when it ends
 * (docs/security.md, bounded logging).
 */
public final class OutboxWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorkers.class);
    /** How long a claim holds before another worker (of any instance) may take the entry again. */
    static final long LEASE_MILLIS = 2 * 60_000;
    static final int CLAIM_BATCH = 16;
    static final long MAX_FAILURE_BACKOFF_MILLIS = 15_000;
    private static final String CLAIM_FAILED = "claim";
    private static final String RECORD_FAILED = "record";

    private final Outbox outbox;
    private final Backoff backoff;
    private final long pollMillis;
    private final TransmissionAudit audit;
    private final Metrics metrics;
    private final String instanceId;
    private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
    private final Map<String, Signal> signals = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final RateLimitedLog storageLog;
    /** Destinations that threw instead of answering a result: the first with its stack trace, then once a minute. */
    private final RateLimitedLog deliveryLog;
    private static final String DESTINATION_THREW = "destination-threw:";
    private volatile boolean running;
    private volatile long leaseMillis = LEASE_MILLIS;

    private static final class Signal {
        final ReentrantLock lock = new ReentrantLock();
        final Condition cond = lock.newCondition();
        boolean pending;

        void wake() {
            lock.lock();
            try {
                pending = true;
                cond.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(long millis) throws InterruptedException {
            lock.lock();
            try {
                if (!pending) {
                    cond.await(millis, TimeUnit.MILLISECONDS);
                }
                pending = false;
            } finally {
                lock.unlock();
            }
        }
    }

    public OutboxWorkers(Outbox outbox, Backoff backoff, long pollMillis, TransmissionAudit audit, Metrics metrics,
            String instanceId) {
        this.outbox = outbox;
        this.backoff = backoff;
        this.pollMillis = pollMillis;
        this.audit = audit;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.storageLog = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
        this.deliveryLog = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
        outbox.onEnqueue(this::wake);
    }

    /**
     * How long a claim holds (radbridge.outbox.lease-ms): after an instance dies, the entries it had claimed are
     * sent again by another instance once this has passed. Longer than the longest delivery.
     */
    public void leaseMillis(long millis) {
        this.leaseMillis = millis;
    }

    public void register(Destination d) {
        destinations.put(d.name(), d);
        signals.putIfAbsent(d.name(), new Signal());
        if (running) {
            startWorkers(d);
        }
    }

    public Destination destination(String name) {
        return destinations.get(name);
    }

    public Map<String, Destination> destinations() {
        return destinations;
    }

    public void wake(String destination) {
        Signal s = signals.get(destination);
        if (s != null) {
            s.wake();
        }
    }

    /**
     * After the workers stopped (graceful stop): entries still claimed by this instance become deliverable again at
     * once, for another instance or this one after its restart, instead of after their claim expires.
     */
    private void releaseOwnClaims() {
        try {
            int n = outbox.db().writeAndWait(tx -> outbox.releaseClaims(tx, instanceId + "/%"));
            if (n > 0) {
                LOG.info("Released {} outbox entries claimed by this instance at stop", n);
            }
        } catch (RuntimeException e) {
            LOG.debug("releasing outbox claims at stop: {}", e.toString());
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        // the embedded database has one instance: every claim left is ours; on PostgreSQL only our own
        String mine = outbox.db().dialect() == org.radbridge.store.Dialect.SQLITE ? "%" : instanceId + "/%";
        int released = outbox.db().writeAndWait(tx -> outbox.releaseClaims(tx, mine));
        if (released > 0) {
            LOG.info("Released {} outbox entries claimed by this instance before it stopped; they will be sent again", released);
        }
        running = true;
        destinations.values().forEach(this::startWorkers);
    }

    private void startWorkers(Destination d) {
        for (int i = 0; i < Math.max(1, d.workers()); i++) {
            String workerId = instanceId + "/" + d.name() + "/" + i;
            Thread t = new Thread(() -> loop(d, workerId), "outbox-" + d.name() + "-" + i);
            t.setDaemon(true);
            synchronized (threads) {
                threads.add(t);
            }
            t.start();
        }
    }

    private void loop(Destination d, String workerId) {
        Signal signal = signals.get(d.name());
        long failureDelay = 0;
        while (running) {
            try {
                if (outbox.isPaused(d.name())) {
                    signal.await(pollMillis);
                    continue;
                }
                // up to 16 entries of different ordering keys per claim; each gets its audit attempt record in
                // the claim transaction and is then sent (also when stopping: claimed entries are drained)
                List<OutboxEntry> batch = outbox.db().writeAndWait(tx ->
                        outbox.claim(tx, d.name(), workerId, CLAIM_BATCH, leaseMillis, d.deadLetterBlocksKey(), audit));
                storageLog.recovered(CLAIM_FAILED, "outbox workers claim entries again");
                failureDelay = 0;
                if (batch.isEmpty()) {
                    signal.await(pollMillis);
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    boolean recorded;
                    if (i > 0 && outbox.isPaused(d.name())) {
                        for (OutboxEntry rest : batch.subList(i, batch.size())) {
                            record(d, rest, DeliveryResult.retry("not sent: the destination was paused"), 0);
                        }
                        break;
                    }
                    recorded = deliver(d, batch.get(i));
                    if (!recorded) {
                        // storage fails: send no more until outcomes can be recorded (the rest stay claimed)
                        failureDelay = nextFailureDelay(failureDelay);
                        signal.await(failureDelay);
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                storageLog.failure(CLAIM_FAILED, e, "outbox worker {} failed (claiming entries): {}; the workers back off",
                        workerId, e.toString());
                failureDelay = nextFailureDelay(failureDelay);
                try {
                    signal.await(failureDelay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The next wait after a failure: the poll interval, doubling up to {@link #MAX_FAILURE_BACKOFF_MILLIS}. */
    private long nextFailureDelay(long previous) {
        long max = Math.max(pollMillis, MAX_FAILURE_BACKOFF_MILLIS);
        return previous <= 0 ? Math.max(1, pollMillis) : Math.min(max, previous * 2);
    }

    /** Sends one entry and records the outcome; false when the outcome could not be recorded. */
    private boolean deliver(Destination d, OutboxEntry e) {
        long t0 = System.nanoTime();
        DeliveryResult r;
        try {
            r = d.deliver(e);
            if (r == null) {
                r = DeliveryResult.retry("destination returned no result");
            }
        } catch (Exception ex) {
            // a destination answers failures with a result; one that throws is logged here, the boundary, with its
            // frames (its message may quote the payload: recorded in the attempt log, not in the log file)
            deliveryLog.failure(DESTINATION_THREW + d.name(), Throwables.trimmed(ex), "outbox entry {} to {}: the destination failed: {}",
                    e.id(), d.name(), Throwables.brief(ex));
            r = DeliveryResult.retry(ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        return record(d, e, r, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Records the outcome of an attempt (entry state, attempt log, audit outcome record, metrics); false when the
     * database could not be written.
     */
    private boolean record(Destination d, OutboxEntry e, DeliveryResult result, long ms) {
        String state;
        long next = System.currentTimeMillis();
        switch (result.outcome()) {
            case DELIVERED -> state = OutboxEntry.DONE;
            case DEAD -> state = OutboxEntry.DEAD;
            case PAUSE -> {
                state = OutboxEntry.RETRYING;
                next += backoff.initialMillis();
            }
            default -> {
                if (e.attempts() >= backoff.maxAttempts()) {
                    state = OutboxEntry.DEAD;
                } else {
                    state = OutboxEntry.RETRYING;
                    next += result.retryAfterMillis() != null ? result.retryAfterMillis() : backoff.delay(e.attempts());
                }
            }
        }
        String finalState = state;
        long nextAt = next;
        String detail = result.detail() == null ? "" : result.detail();
        if (OutboxEntry.DEAD.equals(finalState) && result.outcome() == DeliveryResult.Outcome.RETRY) {
            detail = "gave up after " + e.attempts() + " attempts: " + detail;
        }
        String d2 = detail;
        boolean recorded = true;
        try {
            outbox.db().writeAndWait(tx -> {
                outbox.complete(tx, e, finalState, nextAt, result.outcome().name(), d2, ms);
                if (result.outcome() == DeliveryResult.Outcome.PAUSE) {
                    outbox.pause(tx, d.name(), true, "paused by receiver: " + d2, "system");
                }
                audit.outcome(tx, e, result);
                return null;
            });
            storageLog.recovered(RECORD_FAILED, "outbox outcomes are recorded again");
        } catch (RuntimeException ex) {
            storageLog.failure(RECORD_FAILED, ex, "cannot record outcome of outbox entry {}: {}", e.id(), ex.toString());
            recorded = false;
        }
        metrics.inc("radbridge_outbox_attempts_total", "Delivery attempts by destination and outcome",
                "destination", d.name(), "outcome", result.outcome().name());
        if (result.outcome() != DeliveryResult.Outcome.DELIVERED) {
            metrics.inc("radbridge_delivery_failures_total", "Failed delivery attempts by destination",
                    "destination", d.name());
            LOG.info("outbox entry {} to {}: {} ({} attempts){}", e.id(), d.name(), result.outcome(), e.attempts(),
                    OutboxEntry.DEAD.equals(finalState) ? " -> dead letter" : "");
        }
        if (OutboxEntry.DEAD.equals(finalState)) {
            metrics.inc("radbridge_dead_letters_total", "Entries dead-lettered by destination", "destination", d.name());
        }
        return recorded;
    }

    @Override
    public void close() {
        running = false;
        signals.values().forEach(Signal::wake);
        synchronized (threads) {
            for (Thread t : threads) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            threads.clear();
        }
        destinations.values().forEach(Destination::close);
        releaseOwnClaims();
    }
}
