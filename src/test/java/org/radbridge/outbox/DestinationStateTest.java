package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a worker needs a claim query, and the bound on entries handed to it (issue 15). */
class DestinationStateTest {

    private static final long POLL = 60_000_000_000L;

    private static OutboxEntry entry(long id, String key) {
        return new OutboxEntry(id, 0, null, "d", key, "k", "text/plain", new byte[0], null, OutboxEntry.IN_FLIGHT, 1, 0, null, null, 0, null);
    }

    @Test
    void aClaimIsNeededUntilOneAfterEveryOutcomeFoundNothingThenOnlyWhenSomethingChanges() {
        DestinationState st = new DestinationState(1);
        long now = System.nanoTime();
        assertTrue(st.claimNeeded(now, POLL), "at start: entries from before");
        long epoch = st.epoch();
        st.foundNothing(epoch);
        assertFalse(st.claimNeeded(now, POLL));
        assertTrue(st.claimNeeded(now - POLL, POLL), "the poll interval: due retries, expired leases");
        st.changed(); // an unclaimed entry committed, an operator action
        assertTrue(st.claimNeeded(now, POLL));
        st.foundNothing(st.epoch());
        st.waiting("A"); // a new entry of A waits behind one in flight
        assertFalse(st.claimNeeded(now, POLL));
        st.finished("B");
        assertFalse(st.claimNeeded(now, POLL));
        st.finished("A"); // A's outcome is queued: the waiting entry becomes claimable
        assertTrue(st.claimNeeded(now, POLL));
    }

    @Test
    void severalWorkersAlwaysClaim() {
        DestinationState st = new DestinationState(2);
        st.foundNothing(st.epoch());
        assertTrue(st.claimNeeded(System.nanoTime(), POLL));
    }

    @Test
    void handedEntriesAreBoundedAndTakenInOrder() {
        DestinationState st = new DestinationState(1);
        for (int i = 0; i < DestinationState.MAX_HANDED; i++) {
            assertTrue(st.accepts(0));
            st.hand(0, entry(i, "K" + i));
        }
        assertFalse(st.accepts(0), "beyond the bound, entries are left to claim queries");
        assertTrue(st.holds(0));
        List<OutboxEntry> first = st.drain(0, 64);
        assertEquals(64, first.size());
        assertEquals(0, first.get(0).id());
        assertEquals(63, first.get(63).id());
        assertTrue(st.accepts(0));
        while (!st.drain(0, 64).isEmpty()) {
            // take the rest
        }
        assertFalse(st.holds(0));
    }
}
