package org.radbridge.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.radbridge.intake.Throwables;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.metrics.Metrics;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-destination delivery workers. Each worker claims the oldest deliverable entry of up to {@value #CLAIM_BATCH}
 * ordering keys, delivers them one at a time, and records the outcome through the outcome table: DELIVERED ->
 * DONE; RETRY -> RETRYING with backoff (dead letter after the maximum attempts); PAUSE -> the destination
 * is paused and the entry waits; DEAD -> dead letter. Paused destinations hold their entries until resumed.
 *
 * <p>Pipelined across ordering keys (design.md §2, issue 15): while a batch is sent, the next one is already being
 * claimed (it can only hold other keys, this batch's being IN_FLIGHT), and each outcome (entry state, attempt row,
 * audit record) is handed to the group-commit writer without waiting for its commit. The order per key holds
 * because the next entry of a key can only be claimed by a claim that the writer runs after its predecessor's
 * outcome, and it is sent only once that claim has committed: every outcome is committed and audited before the
 * next message of its key is sent. Messages of other keys do not wait for it.
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
    /**
     * Entries claimed at once (one per ordering key). Two claims are out at a time (the one being sent and the next),
     * so a larger batch hides more of the claim's commit behind the sending; with fewer keys than that, batches are
     * smaller and the next entry of a key is claimed in the same group commit as its predecessor's outcome.
     */
    static final int CLAIM_BATCH = 64;
    static final long MAX_FAILURE_BACKOFF_MILLIS = 15_000;
    /**
     * How long an idle worker lets its last outcomes wait for another commit to ride with (the next message's intake)
     * before it has them committed on their own: at most this much later, the next entry of their key can be sent.
     */
    static final long OUTCOME_RIDE_MILLIS = 10;
    /** While a worker waits for an outcome, how often it asks the writer again for a commit. */
    static final long FLUSH_WAIT_MILLIS = 1_000;
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
    private final Map<String, DestinationState> states = new ConcurrentHashMap<>();
    private final Map<String, WorkerTaker> takers = new ConcurrentHashMap<>();
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
        outbox.takers(this::taker);
    }

    /**
     * Claims at enqueue (issue 15), on the embedded database only: its single writer runs every transaction in order,
     * so the enqueuing transaction sees every earlier entry and outcome of the key. (On PostgreSQL other instances
     * enqueue concurrently; there the claim query with SKIP LOCKED decides, as before.)
     */
    private Outbox.Taker taker(String destination, String key) {
        if (!running || outbox.db().dialect() != org.radbridge.store.Dialect.SQLITE) {
            return null;
        }
        DestinationState st = states.get(destination);
        if (st == null) {
            return null;
        }
        WorkerTaker t = takers.get(instanceId + "/" + destination + "/" + st.workerFor(key));
        return t != null && t.live && t.state == st && st.accepts(t.index) ? t : null;
    }

    /** One worker, as the taker of entries claimed for it at enqueue. */
    private final class WorkerTaker implements Outbox.Taker {
        final Destination destination;
        final DestinationState state;
        final int index;
        final String workerId;
        volatile boolean live;

        WorkerTaker(Destination destination, DestinationState state, int index, String workerId) {
            this.destination = destination;
            this.state = state;
            this.index = index;
            this.workerId = workerId;
        }

        @Override
        public String workerId() {
            return workerId;
        }

        @Override
        public long leaseMillis() {
            return leaseMillis;
        }

        @Override
        public boolean deadLetterBlocksKey() {
            return destination.deadLetterBlocksKey();
        }

        @Override
        public void attempt(org.radbridge.store.Tx tx, OutboxEntry claimed) throws Exception {
            audit.attempt(tx, claimed);
        }

        @Override
        public void waiting(String key) {
            state.waiting(key);
        }

        @Override
        public void take(OutboxEntry claimed) {
            state.hand(index, claimed);
            Signal s = signals.get(destination.name());
            if (s != null) {
                s.wake();
            }
        }
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
        states.put(d.name(), new DestinationState(d.workers()));
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

    /** Something may be claimable for the destination (an unclaimed entry committed, an operator action): claim. */
    public void wake(String destination) {
        DestinationState st = states.get(destination);
        if (st != null) {
            st.changed();
        }
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
        states.values().forEach(DestinationState::reset);
        running = true;
        destinations.values().forEach(this::startWorkers);
    }

    private void startWorkers(Destination d) {
        DestinationState st = states.get(d.name());
        for (int i = 0; i < st.workers(); i++) {
            String workerId = instanceId + "/" + d.name() + "/" + i;
            WorkerTaker taker = new WorkerTaker(d, st, i, workerId);
            takers.put(workerId, taker);
            Thread t = Threads.daemon("outbox-" + d.name() + "-" + i, () -> loop(d, taker));
            synchronized (threads) {
                threads.add(t);
            }
            taker.live = true; // takes entries claimed at enqueue from now on (its loop drains them when it starts)
            t.start();
        }
    }

    private void loop(Destination d, WorkerTaker taker) {
        String workerId = taker.workerId;
        DestinationState st = taker.state;
        Signal signal = signals.get(d.name());
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, pollMillis));
        long failureDelay = 0;
        long lastClaim = System.nanoTime() - pollNanos;
        List<OutboxEntry> current = List.of();
        Pending pending = new Pending();
        taker.live = true;
        try {
            while (running || !current.isEmpty()) {
                try {
                    if (current.isEmpty()) {
                        if (pending.failed()) {
                            pending.settleAll();
                            failureDelay = nextFailureDelay(failureDelay);
                            signal.await(failureDelay);
                            continue;
                        }
                        // entries claimed at enqueue: their keys had nothing unfinished, their claim is committed
                        List<OutboxEntry> handed = st.drain(taker.index, CLAIM_BATCH);
                        if (!handed.isEmpty()) {
                            current = handed;
                            continue;
                        }
                        // nothing held: the last outcomes may ride with the next commit for a moment (new entries
                        // end the wait); then every outcome sent so far must be committed before this worker claims
                        // or waits (a failed one stops the worker's sending until storage works)
                        long ride = pending.rideLeftMillis();
                        if (ride > 0 && running) {
                            signal.await(ride);
                            continue;
                        }
                        if (!pending.settleAll()) {
                            failureDelay = nextFailureDelay(failureDelay);
                            signal.await(failureDelay);
                            continue;
                        }
                        if (outbox.isPaused(d.name()) || !st.claimNeeded(lastClaim, pollNanos)) {
                            signal.await(pollMillis);
                            continue;
                        }
                        long epoch = st.epoch();
                        boolean covering = !st.holds(taker.index);
                        lastClaim = System.nanoTime();
                        current = outbox.db().writeAndWait(tx -> claim(tx, d, workerId));
                        noteClaim(st, current, covering, epoch);
                        storageLog.recovered(CLAIM_FAILED, "outbox workers claim entries again");
                        failureDelay = 0;
                        if (current.isEmpty() && !st.holds(taker.index)) {
                            signal.await(pollMillis);
                        }
                        continue;
                    }
                    // pipelining across ordering keys: the next batch is claimed now, in the writer behind this
                    // batch's claim, so it holds other keys only (this batch's are IN_FLIGHT); it commits while this
                    // batch is sent. Outcomes are recorded without waiting (group commit); the next entry of a key is
                    // claimed only by a claim that runs after its predecessor's outcome (or, at enqueue, by a
                    // transaction the writer runs after it), and sent after that claim committed, so every outcome is
                    // committed and audited before the next message of its key.
                    CompletableFuture<List<OutboxEntry>> next = null;
                    if (running && st.claimNeeded(lastClaim, pollNanos)) {
                        lastClaim = System.nanoTime();
                        next = outbox.db().write(tx -> claim(tx, d, workerId));
                    }
                    Sent sent = send(d, workerId, current, pending);
                    pending.flushIfDue();
                    List<OutboxEntry> claimed = next == null ? List.of() : await(next);
                    noteClaim(st, claimed, false, 0);
                    // a failed outcome (storage) stops this worker; the others are not waited for (the claims order them)
                    boolean stored = !pending.failed();
                    if (sent != Sent.ALL || !stored) {
                        // paused, or storage fails: send no more (claimed entries wait for the lease or a restart)
                        if (!claimed.isEmpty()) {
                            if (sent == Sent.PAUSED && stored) {
                                for (OutboxEntry rest : claimed) {
                                    pending.add(recordAsync(d, workerId, rest, DeliveryResult.retry(NOT_SENT_PAUSED), 0));
                                }
                            }
                        }
                        current = List.of();
                        if (sent == Sent.STORAGE_FAILED || !stored) {
                            pending.settleAll();
                            failureDelay = nextFailureDelay(failureDelay);
                            signal.await(failureDelay);
                        }
                        continue;
                    }
                    storageLog.recovered(CLAIM_FAILED, "outbox workers claim entries again");
                    failureDelay = 0;
                    if (claimed.isEmpty() && running && st.claimNeeded(lastClaim, pollNanos)) {
                        // no other key was free: claim behind this batch's outcomes (same group commit)
                        long epoch = st.epoch();
                        boolean covering = !st.holds(taker.index);
                        lastClaim = System.nanoTime();
                        claimed = outbox.db().writeAndWait(tx -> claim(tx, d, workerId));
                        noteClaim(st, claimed, covering, epoch);
                    }
                    List<OutboxEntry> handed = st.drain(taker.index, CLAIM_BATCH);
                    if (handed.isEmpty()) {
                        current = claimed;
                    } else {
                        current = new ArrayList<>(claimed);
                        current.addAll(handed);
                    }
                } catch (RuntimeException e) {
                    storageLog.failure(CLAIM_FAILED, e, "outbox worker {} failed (claiming entries): {}; the workers back off",
                            workerId, e.toString());
                    current = List.of();
                    failureDelay = nextFailureDelay(failureDelay);
                    signal.await(failureDelay);
                }
            }
            pending.settleAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            taker.live = false;
        }
    }

    /**
     * After a claim: one that found entries may have left more behind them (the next claim runs); one that ran after
     * every outcome of this destination's worker ({@code covering}) and found nothing makes claims unneeded until
     * something changes.
     */
    private static void noteClaim(DestinationState st, List<OutboxEntry> claimed, boolean covering, long epoch) {
        if (!claimed.isEmpty()) {
            st.changed();
        } else if (covering) {
            st.foundNothing(epoch);
        }
    }

    static final String NOT_SENT_PAUSED = "not sent: the destination was paused";

    private List<OutboxEntry> claim(org.radbridge.store.Tx tx, Destination d, String workerId) throws Exception {
        return outbox.claim(tx, d.name(), workerId, CLAIM_BATCH, leaseMillis, d.deadLetterBlocksKey(), audit);
    }

    /** The result of a claim, a storage failure unwrapped. */
    private static List<OutboxEntry> await(CompletableFuture<List<OutboxEntry>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new org.radbridge.store.StoreException(String.valueOf(c), c);
        }
    }

    private enum Sent { ALL, PAUSED, STORAGE_FAILED }

    /**
     * Sends the entries of one batch (one per ordering key) in order, each outcome queued for the writer as it comes.
     * Stops when the destination is paused (by an operator, or by a receiver's answer in this batch: the rest are
     * recorded as not sent) or when an earlier outcome could not be stored.
     */
    private Sent send(Destination d, String workerId, List<OutboxEntry> batch, Pending pending) throws InterruptedException {
        // a destination that makes a batch durable at once (files: one directory fsync) records its outcomes after that
        List<Held> held = d.syncsBeforeOutcomes() ? new ArrayList<>(batch.size()) : null;
        try {
            for (int i = 0; i < batch.size(); i++) {
                if (pending.failed()) {
                    return Sent.STORAGE_FAILED; // the rest stay claimed until the lease ends, then are sent again
                }
                if (pending.pausedByReceiver || outbox.isPaused(d.name())) {
                    for (OutboxEntry rest : batch.subList(i, batch.size())) {
                        pending.add(recordAsync(d, workerId, rest, DeliveryResult.retry(NOT_SENT_PAUSED), 0));
                    }
                    return Sent.PAUSED;
                }
                OutboxEntry e = batch.get(i);
                long t0 = System.nanoTime();
                DeliveryResult r;
                try {
                    r = d.deliver(e);
                    if (r == null) {
                        r = DeliveryResult.retry("destination returned no result");
                    }
                } catch (Exception ex) {
                    // a destination answers failures with a result; one that throws is logged here, the boundary, with
                    // its frames (its message may quote the payload: recorded in the attempt log, not in the log file)
                    deliveryLog.failure(DESTINATION_THREW + d.name(), Throwables.trimmed(ex), "outbox entry {} to {}: the destination failed: {}",
                            e.id(), d.name(), Throwables.brief(ex));
                    r = DeliveryResult.retry(ex.getClass().getSimpleName() + ": " + ex.getMessage());
                }
                if (r.outcome() == DeliveryResult.Outcome.PAUSE) {
                    pending.pausedByReceiver = true;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (held != null) {
                    held.add(new Held(e, r, ms));
                } else {
                    pending.add(recordAsync(d, workerId, e, r, ms));
                }
            }
            return pending.pausedByReceiver ? Sent.PAUSED : Sent.ALL;
        } finally {
            if (held != null && !held.isEmpty()) {
                recordSynced(d, workerId, held, pending);
            }
        }
    }

    /**
     * The outcomes of a batch held for the destination's {@link Destination#sync}: recorded once it returned; if it
     * failed, what was delivered is not known to be durable and is retried (the attempt log says why).
     */
    private void recordSynced(Destination d, String workerId, List<Held> held, Pending pending) {
        String notDurable = null;
        try {
            d.sync();
        } catch (Exception ex) {
            deliveryLog.failure(DESTINATION_THREW + d.name(), Throwables.trimmed(ex), "outbox destination {}: making {} deliveries "
                    + "durable failed: {}", d.name(), held.size(), Throwables.brief(ex));
            notDurable = "delivered but not made durable, sent again: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        for (Held h : held) {
            DeliveryResult r = h.result();
            if (notDurable != null && r.outcome() == DeliveryResult.Outcome.DELIVERED) {
                r = DeliveryResult.retry(notDurable);
            }
            pending.add(recordAsync(d, workerId, h.entry(), r, h.millis()));
        }
    }

    /** A delivery whose outcome waits for the destination's sync. */
    private record Held(OutboxEntry entry, DeliveryResult result, long millis) {
    }

    /**
     * Outcomes queued for the writer and not yet known to be committed, oldest first. A failed one (storage) makes
     * the worker stop sending; the entry stays IN_FLIGHT under this worker's claim, so its key stays blocked.
     */
    private final class Pending {
        private final ArrayDeque<CompletableFuture<Boolean>> queue = new ArrayDeque<>();
        private boolean failed;
        boolean pausedByReceiver;

        int size() {
            return queue.size();
        }

        /** Outcomes added since the last flush unit: they may still wait in the writer for a batch to ride with. */
        private boolean unflushed;
        private long lastAddedNanos;

        private long firstUnflushedNanos;

        void add(CompletableFuture<Boolean> f) {
            queue.add(f);
            lastAddedNanos = System.nanoTime();
            if (!unflushed) {
                unflushed = true;
                firstUnflushedNanos = lastAddedNanos;
            }
        }

        /** A busy worker: outcomes that waited {@link #OUTCOME_RIDE_MILLIS} for another commit get one (not waited for). */
        void flushIfDue() {
            if (unflushed && System.nanoTime() - firstUnflushedNanos >= OUTCOME_RIDE_MILLIS * 1_000_000) {
                flush();
            }
        }

        /** Milliseconds the newest outcome may still wait to ride with another commit; 0 when none waits. */
        long rideLeftMillis() {
            if (!unflushed || queue.isEmpty() || queue.peekLast().isDone()) {
                return 0;
            }
            long left = OUTCOME_RIDE_MILLIS - (System.nanoTime() - lastAddedNanos) / 1_000_000;
            return Math.max(0, left);
        }

        /** A no-op unit: the writer commits a batch, with every outcome queued so far. */
        private void flush() {
            if (unflushed) {
                unflushed = false;
                outbox.db().write(tx -> null);
            }
        }

        /** True once an outcome is known to have failed (checks the finished ones without waiting). */
        boolean failed() {
            while (!queue.isEmpty() && queue.peek().isDone()) {
                settle(queue.poll());
            }
            return failed;
        }

        /** Waits for the oldest {@code n}; false if any failed. */
        boolean settleFirst(int n) throws InterruptedException {
            for (int i = 0; i < n && !queue.isEmpty(); i++) {
                waitFor(queue.peek());
                settle(queue.poll());
            }
            return !failed();
        }

        /** Waits for all; false if any failed (and forgets the failure: the caller backs off, then starts over). */
        boolean settleAll() throws InterruptedException {
            boolean ok = settleFirst(queue.size());
            failed = false;
            pausedByReceiver = false;
            return ok;
        }

        private void waitFor(CompletableFuture<Boolean> f) throws InterruptedException {
            while (true) {
                if (!f.isDone()) {
                    flush();
                }
                try {
                    f.get(FLUSH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException e) {
                    return; // settled below
                } catch (java.util.concurrent.TimeoutException e) {
                    unflushed = true; // not in the flushed batch (or the writer is slow): flush again
                }
            }
        }

        private void settle(CompletableFuture<Boolean> f) {
            if (f.isCompletedExceptionally()) {
                failed = true;
                Throwable c = f.handle((v, t) -> t).join();
                Throwable cause = c instanceof java.util.concurrent.CompletionException && c.getCause() != null ? c.getCause() : c;
                storageLog.failure(RECORD_FAILED, cause, "cannot record the outcome of an outbox delivery: {}", String.valueOf(cause));
            } else {
                storageLog.recovered(RECORD_FAILED, "outbox outcomes are recorded again");
            }
        }
    }

    /** The next wait after a failure: the poll interval, doubling up to {@link #MAX_FAILURE_BACKOFF_MILLIS}. */
    private long nextFailureDelay(long previous) {
        long max = Math.max(pollMillis, MAX_FAILURE_BACKOFF_MILLIS);
        return previous <= 0 ? Math.max(1, pollMillis) : Math.min(max, previous * 2);
    }

    /**
     * Queues the record of an attempt's outcome for the writer (entry state, attempt log, audit outcome record in one
     * unit, committed with whatever else the writer groups with it) and counts it; the future fails when the database
     * could not be written. The outcome changes the entry only while this worker's claim holds ({@link Outbox#complete}).
     */
    private CompletableFuture<Boolean> recordAsync(Destination d, String workerId, OutboxEntry e, DeliveryResult result, long ms) {
        String state;
        long next = System.currentTimeMillis();
        boolean notSent = NOT_SENT_PAUSED.equals(result.detail());
        switch (result.outcome()) {
            case DELIVERED -> state = OutboxEntry.DONE;
            case DEAD -> state = OutboxEntry.DEAD;
            case PAUSE -> {
                state = OutboxEntry.RETRYING;
                next += backoff.initialMillis();
            }
            default -> {
                if (!notSent && e.attempts() >= backoff.maxAttempts()) {
                    state = OutboxEntry.DEAD;
                } else {
                    state = OutboxEntry.RETRYING;
                    next += notSent ? 0 : result.retryAfterMillis() != null ? result.retryAfterMillis() : backoff.delay(e.attempts());
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
        // deferred: the outcome commits with the next batch of the writer (the next message's intake, a claim) instead of
        // one of its own; the worker flushes it before it waits for it (Pending), after OUTCOME_RIDE_MILLIS at the latest
        CompletableFuture<Boolean> f = outbox.db().writeDeferred(tx -> {
            boolean applied = outbox.complete(tx, e, workerId, finalState, nextAt, result.outcome().name(), d2, ms);
            if (result.outcome() == DeliveryResult.Outcome.PAUSE) {
                outbox.pause(tx, d.name(), true, "paused by receiver: " + d2, "system");
            }
            audit.outcome(tx, e, result);
            return applied;
        });
        DestinationState st = states.get(d.name());
        if (st != null) {
            // queued for the writer: a claim from now on runs after it
            st.finished(e.orderingKey());
            if (!OutboxEntry.DONE.equals(finalState)) {
                st.changed(); // a retry (perhaps due at once), a dead letter that may not block: claim again
            }
        }
        f.thenAccept(applied -> {
            if (!applied) {
                LOG.warn("outbox entry {} to {}: outcome {} not applied: this worker's claim expired and the entry was released or "
                        + "claimed again (lease {} ms); the attempt is logged", e.id(), d.name(), result.outcome(), leaseMillis);
            }
        });
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
        return f;
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
