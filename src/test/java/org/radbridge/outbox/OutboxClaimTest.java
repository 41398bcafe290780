package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.store.Db;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;

/**
 * Claiming (design.md §2) at the level of the query: only the oldest unfinished entry of an ordering key is
 * claimed, a dead letter blocks its key when the destination says so, and a backlog drains (the claim reads
 * unfinished entries through the partial indexes of core V002, not the destination's whole history) — on
 * SQLite and on a real PostgreSQL. The engine-level contract is {@link OutboxContract}.
 */
@Timeout(180)
@ExtendWith(PostgresDatabase.class)
class OutboxClaimTest {

    static void claimRules(Db db) {
        Outbox ob = new Outbox(db);
        db.writeAndWait(tx -> {
            for (String key : new String[] {"A", "B", "A", "C", "B", "A"}) {
                ob.enqueue(tx, null, NewEntry.text("d", key, "k", "text/plain", "x", null));
            }
            return null;
        });
        List<OutboxEntry> first = db.writeAndWait(tx -> ob.claim(tx, "d", "w", 16, 60_000, true, TransmissionAudit.NONE));
        assertEquals(List.of("A", "B", "C"), first.stream().map(OutboxEntry::orderingKey).toList(), "one per key, oldest first");
        assertEquals(List.of(1L, 2L, 4L), first.stream().map(OutboxEntry::id).toList());
        assertEquals(0, db.writeAndWait(tx -> ob.claim(tx, "d", "w", 16, 60_000, true, TransmissionAudit.NONE)).size(),
                "nothing more while the heads are in flight");
        db.writeAndWait(tx -> {
            ob.complete(tx, first.get(0), "w", OutboxEntry.DEAD, 0, "DEAD", "x", 1);  // A1 dead
            ob.complete(tx, first.get(1), "w", OutboxEntry.DONE, 0, "DELIVERED", "", 1); // B2 done
            ob.complete(tx, first.get(2), "w", OutboxEntry.DONE, 0, "DELIVERED", "", 1); // C4 done
            return null;
        });
        List<OutboxEntry> blocked = db.writeAndWait(tx -> ob.claim(tx, "d", "w", 16, 60_000, true, TransmissionAudit.NONE));
        assertEquals(List.of(5L), blocked.stream().map(OutboxEntry::id).toList(), "A waits behind its dead letter; B goes on");
        db.writeAndWait(tx -> {
            ob.complete(tx, blocked.get(0), "w", OutboxEntry.DONE, 0, "DELIVERED", "", 1);
            return null;
        });
        List<OutboxEntry> notBlocking = db.writeAndWait(tx -> ob.claim(tx, "d", "w", 16, 60_000, false, TransmissionAudit.NONE));
        assertEquals(List.of(3L), notBlocking.stream().map(OutboxEntry::id).toList(), "a destination whose dead letters do not block");
    }

    /**
     * A backlog of 8,000 entries of 100 keys drained 16 at a time, as a worker does after an outage: the claim
     * reads unfinished entries only (the head of each key), so draining stays linear.
     */
    static long drainBacklog(Db db) {
        Outbox ob = new Outbox(db);
        for (int b = 0; b < 8; b++) {
            db.writeAndWait(tx -> {
                for (int i = 0; i < 1000; i++) {
                    ob.enqueue(tx, null, NewEntry.text("h", "K" + (i % 100), "k", "text/plain", "x", null));
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        int done = 0;
        while (done < 8000) {
            List<OutboxEntry> batch = db.writeAndWait(tx -> ob.claim(tx, "h", "w", 16, 60_000, true, TransmissionAudit.NONE));
            assertTrue(!batch.isEmpty(), "claimable entries left");
            db.writeAndWait(tx -> {
                for (OutboxEntry e : batch) {
                    ob.complete(tx, e, "w", OutboxEntry.DONE, 0, "DELIVERED", "", 0);
                }
                return null;
            });
            done += batch.size();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * A worker whose lease expired must not complete the claim another worker took since: its outcome leaves the
     * entry as the newer claim has it (the attempt is still logged); the newer claim's owner completes it.
     */
    static void onlyTheClaimOwnerCompletes(Db db) {
        Outbox ob = new Outbox(db);
        db.writeAndWait(tx -> ob.enqueue(tx, null, NewEntry.text("lease", "K", "k", "text/plain", "x", null)));
        List<OutboxEntry> first = db.writeAndWait(tx -> ob.claim(tx, "lease", "w1", 16, 0, true, TransmissionAudit.NONE));
        assertEquals(1, first.size());
        long claimedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() <= claimedAt) {
            Thread.onSpinWait(); // the lease of 0 ms ends within a millisecond
        }
        List<OutboxEntry> again = db.writeAndWait(tx -> ob.claim(tx, "lease", "w2", 16, 60_000, true, TransmissionAudit.NONE));
        assertEquals(List.of(first.get(0).id()), again.stream().map(OutboxEntry::id).toList(), "the expired claim is taken again");
        assertEquals(false, db.writeAndWait(tx -> ob.complete(tx, first.get(0), "w1", OutboxEntry.DONE, 0, "DELIVERED", "late", 1)),
                "the expired claim's owner changes nothing");
        OutboxEntry mid = ob.get(first.get(0).id());
        assertEquals(OutboxEntry.IN_FLIGHT, mid.state(), "still w2's claim");
        assertEquals(false, db.writeAndWait(tx -> ob.complete(tx, again.get(0), "w1", OutboxEntry.DEAD, 0, "DEAD", "x", 1)),
                "the newer attempt under another worker's name changes nothing either");
        assertEquals(true, db.writeAndWait(tx -> ob.complete(tx, again.get(0), "w2", OutboxEntry.DONE, 0, "DELIVERED", "ok", 1)));
        assertEquals(OutboxEntry.DONE, ob.get(first.get(0).id()).state());
        assertEquals(3, ob.attempts(first.get(0).id()).size(), "every attempt logged");
        assertTrue(ob.attempts(first.get(0).id()).get(0).detail().startsWith("claim lost"), ob.attempts(first.get(0).id()).toString());
    }

    @Test
    void sqlite(@TempDir Path dir) {
        try (Db db = Db.open(new Db.Config(null, null, null, dir, "NORMAL", 2, 512))) {
            claimRules(db);
            onlyTheClaimOwnerCompletes(db);
            long ms = drainBacklog(db);
            assertTrue(ms < 60_000, "draining 8,000 entries took " + ms + " ms");
        }
    }

    @Test
    void postgresql(@PgUrl String url) {
        try (Db db = Db.open(new Db.Config(url, null, null, null, "NORMAL", 2, 512))) {
            claimRules(db);
            onlyTheClaimOwnerCompletes(db);
            long ms = drainBacklog(db);
            assertTrue(ms < 60_000, "draining 8,000 entries took " + ms + " ms");
        }
    }
}
