package org.radbridge.dicom.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global budget of bytes buffered for DIMSE reassembly (PS3.8 9.3.5, Annex E) across all associations that share
 * it: P-DATA-TF bodies as they arrive, fragments of messages not yet complete, and complete request messages until
 * their service has handled them. Each association reserves through its {@link Account}; a reservation that would
 * exceed the budget is refused and that association — only that one — is aborted (A-ABORT service-provider,
 * reason-not-specified, PS3.8 9.3.8). So peers can never make the process run out of heap, however many
 * unfinished messages they hold open.
 *
 * <p>Refusals (over the budget, or a single message over the per-association limit of
 * {@link AssociationSettings#maxMessageBytes()}) are counted per {@link Reason}, reported to an optional listener
 * (the engine's metrics) and logged as one WARN per reason and minute, with how many more there were.
 */
public final class DimseBufferBudget {

    private static final Logger LOG = LoggerFactory.getLogger(DimseBufferBudget.class);

    /** Why an association was aborted by a memory limit. */
    public enum Reason {
        /** One DIMSE message (command + data set) larger than {@link AssociationSettings#maxMessageBytes()}. */
        MAX_MESSAGE_BYTES("max-message-bytes"),
        /** The bytes buffered for all associations would exceed the budget. */
        BUFFER_BUDGET("buffer-budget");

        public final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    /** Shared by settings without an explicit budget: no global bound (the per-message limit still applies). */
    static final DimseBufferBudget UNLIMITED = new DimseBufferBudget(Long.MAX_VALUE, 60_000);

    private final long max;
    private final long logIntervalMillis;
    private final AtomicLong used = new AtomicLong();
    private final Map<Reason, AtomicLong> refusals = new ConcurrentHashMap<>();
    private final Map<Reason, AtomicLong> nextLogAt = new ConcurrentHashMap<>();
    private final Map<Reason, AtomicLong> suppressed = new ConcurrentHashMap<>();
    private volatile Consumer<Reason> refusalListener = r -> { };

    /** A budget of {@code maxBytes}, logging at most one WARN per reason and minute. */
    public DimseBufferBudget(long maxBytes) {
        this(maxBytes, 60_000);
    }

    DimseBufferBudget(long maxBytes, long logIntervalMillis) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("budget must be positive");
        }
        this.max = maxBytes;
        this.logIntervalMillis = logIntervalMillis;
        for (Reason r : Reason.values()) {
            refusals.put(r, new AtomicLong());
            nextLogAt.put(r, new AtomicLong());
            suppressed.put(r, new AtomicLong());
        }
    }

    /** Called once per refusal (on the association's reader thread), e.g. to count it in a metric. */
    public DimseBufferBudget onRefusal(Consumer<Reason> listener) {
        this.refusalListener = listener == null ? r -> { } : listener;
        return this;
    }

    public long max() {
        return max;
    }

    /** Bytes reserved now by all associations. */
    public long used() {
        return used.get();
    }

    /** Associations aborted so far for this reason. */
    public long refusals(Reason reason) {
        return refusals.get(reason).get();
    }

    /** A new, empty account for one association. */
    public Account account() {
        return new Account(this);
    }

    boolean tryReserve(long n) {
        while (true) {
            long u = used.get();
            if (u + n > max) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    void release(long n) {
        used.addAndGet(-n);
    }

    /** Counts a refusal and logs it unless one for the same reason was logged within the interval. */
    void refused(Reason reason, Object association, String detail) {
        refusals.get(reason).incrementAndGet();
        try {
            refusalListener.accept(reason);
        } catch (RuntimeException e) {
            LOG.debug("refusal listener failed", e);
        }
        long now = System.currentTimeMillis();
        AtomicLong next = nextLogAt.get(reason);
        long n = next.get();
        if (now >= n && next.compareAndSet(n, now + logIntervalMillis)) {
            long more = suppressed.get(reason).getAndSet(0);
            LOG.warn("{}: {}; association aborted{}", association, detail,
                    more > 0 ? " (" + more + " more like this since the last report)" : "");
        } else {
            suppressed.get(reason).incrementAndGet();
        }
    }

    /**
     * The bytes one association holds in the budget. The reader reserves received bytes ({@link #reserve}), settles
     * to what reassembly still buffers after each PDU ({@link #settle}); a complete request stays reserved while its
     * service runs ({@link #handedOver} / {@link #serviceDone}); {@link #close()} releases everything when the
     * association ends, whichever way. Thread-safe (reader, worker and closing threads).
     */
    public static final class Account {
        private final DimseBufferBudget budget;
        private long held;
        private long inService;
        private boolean closed;

        Account(DimseBufferBudget budget) {
            this.budget = budget;
        }

        /** Reserves {@code n} more bytes; false (nothing reserved) over the budget or once closed. */
        synchronized boolean reserve(long n) {
            if (closed || !budget.tryReserve(n)) {
                return false;
            }
            held += n;
            return true;
        }

        /** Keeps {@code buffered} bytes (still in reassembly) plus those of messages in service; releases the rest. */
        synchronized void settle(long buffered) {
            long keep = buffered + inService;
            if (!closed && held > keep) {
                budget.release(held - keep);
                held = keep;
            }
        }

        /** A complete request of {@code n} reserved bytes was queued for its service: it stays reserved until done. */
        synchronized void handedOver(long n) {
            if (!closed) {
                inService += n;
            }
        }

        /** The service is done with a message of {@code n} bytes: released. */
        synchronized void serviceDone(long n) {
            if (!closed) {
                long r = Math.min(n, inService);
                inService -= r;
                held -= r;
                budget.release(r);
            }
        }

        /** Releases everything; later calls do nothing and later reservations are refused. */
        synchronized void close() {
            if (!closed) {
                closed = true;
                budget.release(held);
                held = 0;
                inService = 0;
            }
        }

        public synchronized long held() {
            return held;
        }

        DimseBufferBudget budget() {
            return budget;
        }
    }
}
