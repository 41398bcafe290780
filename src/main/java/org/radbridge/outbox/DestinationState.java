package org.radbridge.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the workers of one destination know in memory besides the database (design.md §2, issue 15): the entries
 * claimed at enqueue and handed to a worker after their commit, and whether a claim query can find anything.
 *
 * <p>A claim query is needed only when something claimable may exist that no worker holds: an entry enqueued unclaimed
 * (its key was busy, or it came before the workers started), an entry that waits behind one whose outcome this
 * instance just recorded, a retry or pause outcome, an operator action (wake), or the poll interval (due retries,
 * expired leases). Each of these bumps an epoch; a claim that ran after every outcome of the destination's only
 * worker and found nothing marks its epoch clean. A destination with several workers always claims.
 */
final class DestinationState {

    /** Keys remembered as waiting behind an entry in flight; beyond this the destination claims as before. */
    static final int MAX_WAITING_KEYS = 10_000;
    /**
     * Entries handed to a worker and not taken yet, at most (about: a writer batch may add a few more): as many as a
     * claim takes, so an entry claimed at enqueue waits no longer for its turn than a claimed one, far within its lease.
     */
    static final int MAX_HANDED = OutboxWorkers.CLAIM_BATCH;

    private final AtomicLong epoch = new AtomicLong(1);
    private volatile long cleanEpoch;
    private final Set<String> waitingKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean overflow;
    private final List<ConcurrentLinkedQueue<OutboxEntry>> handed = new ArrayList<>();
    private final List<AtomicInteger> handedCounts = new ArrayList<>();

    DestinationState(int workers) {
        for (int i = 0; i < Math.max(1, workers); i++) {
            handed.add(new ConcurrentLinkedQueue<>());
            handedCounts.add(new AtomicInteger());
        }
    }

    int workers() {
        return handed.size();
    }

    /** Something claimable may have appeared: the next claim query runs. */
    void changed() {
        epoch.incrementAndGet();
    }

    long epoch() {
        return epoch.get();
    }

    /** A claim that started at {@code epochAtStart}, after every outcome of the destination, found nothing. */
    void foundNothing(long epochAtStart) {
        if (workers() == 1) {
            cleanEpoch = epochAtStart;
        }
    }

    /** Does a claim query have anything to find (or is the poll interval since the last one over)? */
    boolean claimNeeded(long lastClaimNanos, long pollNanos) {
        return workers() > 1 || overflow || epoch.get() != cleanEpoch || System.nanoTime() - lastClaimNanos >= pollNanos;
    }

    /** A new entry of {@code key} waits behind an unfinished one (in the enqueuing transaction). */
    void waiting(String key) {
        if (waitingKeys.size() >= MAX_WAITING_KEYS) {
            overflow = true;
        } else {
            waitingKeys.add(key);
        }
    }

    /** An outcome of {@code key} was queued for the writer: an entry waiting behind it becomes claimable. */
    void finished(String key) {
        if (!waitingKeys.isEmpty() && waitingKeys.remove(key)) {
            changed();
        }
    }

    /** Has worker {@code i} entries handed to it and not taken yet? */
    boolean holds(int i) {
        return handedCounts.get(i).get() > 0;
    }

    /**
     * May worker {@code i} be handed another entry? Bounded, so that an entry claimed at enqueue is sent long before its
     * lease ends even when the destination is slower than the intake; beyond it entries are claimed by claim queries.
     */
    boolean accepts(int i) {
        return handedCounts.get(i).get() < MAX_HANDED;
    }

    /** After the commit of the entry's claim: worker {@code i} takes it. */
    void hand(int i, OutboxEntry e) {
        handedCounts.get(i).incrementAndGet();
        handed.get(i).add(e);
    }

    /** The worker that takes new entries of {@code key}. */
    int workerFor(String key) {
        return handed.size() == 1 ? 0 : Math.floorMod(key.hashCode(), handed.size());
    }

    /** Takes up to {@code max} entries handed to worker {@code i}, oldest first. */
    List<OutboxEntry> drain(int i, int max) {
        ConcurrentLinkedQueue<OutboxEntry> q = handed.get(i);
        if (q.isEmpty()) {
            return List.of();
        }
        List<OutboxEntry> out = new ArrayList<>();
        for (OutboxEntry e; out.size() < max && (e = q.poll()) != null; ) {
            out.add(e);
        }
        handedCounts.get(i).addAndGet(-out.size());
        return out;
    }

    /** At start: entries handed before a stop were released by it. */
    void reset() {
        handed.forEach(ConcurrentLinkedQueue::clear);
        handedCounts.forEach(c -> c.set(0));
        waitingKeys.clear();
        overflow = false;
        changed();
    }
}
