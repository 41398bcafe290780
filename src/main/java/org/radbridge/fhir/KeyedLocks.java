package org.radbridge.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes FHIR writes per business identifier across the destination's workers of this instance: a conditional create or update
 * is a search then a write, and two of them for the same identifier at once can create twins (HAPI JPA does).
 * Locks are striped by hash and taken in ascending stripe order, so two deliveries never deadlock.
 */
public final class KeyedLocks implements WriteLocks {

    private final ReentrantLock[] stripes;

    public KeyedLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** Locks every key's stripe; close the handle to release them. */
    @Override
    public Handle lock(Iterable<String> keys) {
        TreeSet<Integer> idx = new TreeSet<>();
        for (String k : keys) {
            idx.add(Math.floorMod(k.hashCode(), stripes.length));
        }
        List<ReentrantLock> held = new ArrayList<>(idx.size());
        for (int i : idx) {
            stripes[i].lock();
            held.add(stripes[i]);
        }
        return new Stripes(held);
    }

    /** Releases in reverse order. */
    static final class Stripes implements WriteLocks.Handle {
        private final List<ReentrantLock> held;

        Stripes(List<ReentrantLock> held) {
            this.held = held;
        }

        @Override
        public void close() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }
}
