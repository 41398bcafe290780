package org.radbridge.mllp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The global budget of MLLP bytes held for peers (radbridge.mllp.max-buffered-bytes): blocks being received
 * on every connection of every MLLP listener, and received blocks not yet answered. A reservation that would
 * exceed the budget is refused, so peers can never make the engine run out of heap.
 */
public final class MllpBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    public MllpBudget(long max) {
        this.max = max;
    }

    /** Reserves {@code n} bytes; false (nothing reserved) when that would exceed the budget. */
    public boolean reserve(long n) {
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

    public void release(long n) {
        used.addAndGet(-n);
    }

    public long used() {
        return used.get();
    }

    public long max() {
        return max;
    }
}
