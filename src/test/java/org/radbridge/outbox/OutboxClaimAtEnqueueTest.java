package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.radbridge.store.Tx;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * Claim at enqueue on the embedded database (issue 15): a new entry whose key has nothing unfinished is written already
 * claimed by the worker that sends it, with its audit "attempt" record, in the enqueuing transaction, and handed to the
 * worker after the commit; an entry whose key is busy waits unclaimed and is sent once its predecessor's outcome is
 * committed, without waiting for the poll interval; a paused destination's entries stay unclaimed.
 */
class OutboxClaimAtEnqueueTest {

    /** Long poll interval: a delivery within a few seconds cannot have come from polling. */
    private static TestEngine start() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.outbox.poll-ms", "600000");
        return TestEngine.start(p);
    }

    private static long enqueue(TestEngine e, String dest, String key, String payload) {
        Outbox outbox = e.app().engine().context().outbox();
        return outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text(dest, key, "test", "text/plain", payload, null)));
    }

    private static int attemptRecords(TestEngine e, long entryId) {
        return e.app().engine().context().db().read(c -> Tx.query(c, "SELECT count(*) FROM audit_events WHERE type='TRANSMISSION_ATTEMPT' "
                + "AND object_id=?", rs -> rs.getInt(1), String.valueOf(entryId)).get(0));
    }

    @Test
    void aFreeKeyIsClaimedInTheEnqueuingTransactionAndABusyKeyWaitsForItsPredecessorsOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        ScriptedDestination d = new ScriptedDestination("claimed", 1, true, (p, n) -> {
            if (p.equals("a1")) {
                firstStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return DeliveryResult.delivered("ok");
        });
        try (TestEngine e = start()) {
            Outbox outbox = e.app().engine().context().outbox();
            e.app().engine().context().workers().register(d);
            long a1 = enqueue(e, "claimed", "A", "a1");
            // committed already claimed: IN_FLIGHT, this instance's worker 0, the first attempt, audited
            OutboxEntry claimed = outbox.get(a1);
            assertEquals(OutboxEntry.IN_FLIGHT, claimed.state());
            assertEquals(1, claimed.attempts());
            assertEquals(1, attemptRecords(e, a1), "the attempt is audited with the claim");
            String claimedBy = e.app().engine().context().db().read(c -> Tx.query(c, "SELECT claimed_by FROM outbox WHERE id=?",
                    rs -> rs.getString(1), a1).get(0));
            assertTrue(claimedBy.endsWith("/claimed/0"), claimedBy);
            assertTrue(firstStarted.await(30, TimeUnit.SECONDS), "handed to the worker after the commit");

            // same key while a1 is in flight: unclaimed, and not sent before a1's outcome is committed
            long a2 = enqueue(e, "claimed", "A", "a2");
            OutboxEntry waiting = outbox.get(a2);
            assertEquals(OutboxEntry.PENDING, waiting.state());
            assertEquals(0, waiting.attempts());
            assertEquals(0, attemptRecords(e, a2));
            // another key is not held up by A
            long b1 = enqueue(e, "claimed", "B", "b1");
            assertEquals(OutboxEntry.IN_FLIGHT, outbox.get(b1).state());
            Waits.holds("a2 waits behind a1", Duration.ofMillis(300), () -> !d.delivered().contains("a2"));
            release.countDown();
            Waits.until("a2 sent after a1's outcome, long before the poll interval", Duration.ofSeconds(30),
                    () -> d.delivered().contains("a2") && d.delivered().contains("b1"));
            List<String> order = d.delivered();
            assertTrue(order.indexOf("a1") < order.indexOf("a2"), "order per key: " + order);
            Waits.until("all DONE", Duration.ofSeconds(30), () -> OutboxEntry.DONE.equals(outbox.get(a2).state())
                    && OutboxEntry.DONE.equals(outbox.get(b1).state()));
            assertEquals(1, outbox.get(a2).attempts());
            assertEquals(1, attemptRecords(e, a2));
            assertEquals(1, outbox.attempts(a1).size());
        }
    }

    @Test
    void entriesOfManyKeysNeedNoClaimTransactionOfTheirOwn() throws Exception {
        ScriptedDestination d = new ScriptedDestination("many", 1, true, (p, n) -> DeliveryResult.delivered("ok"));
        try (TestEngine e = start()) {
            e.app().engine().context().workers().register(d);
            Outbox outbox = e.app().engine().context().outbox();
            int n = 200;
            long units0 = outbox.db().writerUnits();
            for (int i = 0; i < n; i++) {
                long id = enqueue(e, "many", "K" + i, "m" + i);
                OutboxEntry entry = outbox.get(id);
                assertTrue(!OutboxEntry.PENDING.equals(entry.state()) && entry.attempts() == 1, "claimed at enqueue: " + entry.state());
            }
            Waits.until("all delivered", Duration.ofSeconds(60), () -> d.delivered().size() == n);
            Waits.until("all DONE", Duration.ofSeconds(60), () -> outbox.list("many", OutboxEntry.DONE, null, 1000).size() == n);
            long units = outbox.db().writerUnits() - units0;
            // per entry: its enqueue, its outcome and at most one no-op unit committing an outcome that found nothing
            // to ride with; before, every entry also took a claim and an empty claim after it (about 4 per entry)
            assertTrue(units <= 3L * n + 20, "writer units for " + n + " entries: " + units);
        }
    }

    @Test
    void aPausedDestinationsNewEntriesStayUnclaimed() throws Exception {
        ScriptedDestination d = new ScriptedDestination("held", 1, true, (p, n) -> DeliveryResult.delivered("ok"));
        try (TestEngine e = start()) {
            e.app().engine().context().workers().register(d);
            Outbox outbox = e.app().engine().context().outbox();
            outbox.db().writeAndWait(tx -> {
                outbox.pause(tx, "held", true, "test", "test");
                return null;
            });
            long id = enqueue(e, "held", "P", "p1");
            OutboxEntry entry = outbox.get(id);
            assertEquals(OutboxEntry.PENDING, entry.state());
            assertEquals(0, entry.attempts());
            assertEquals(0, attemptRecords(e, id));
            outbox.db().writeAndWait(tx -> {
                outbox.pause(tx, "held", false, null, "test");
                return null;
            });
            e.app().engine().context().workers().wake("held");
            Waits.until("sent after resume", Duration.ofSeconds(30), () -> d.delivered().contains("p1"));
        }
    }

    @Test
    void anEntryForADestinationWithoutWorkersHereIsNotClaimed() throws Exception {
        try (TestEngine e = start()) {
            long id = enqueue(e, "nowhere", "P", "x");
            OutboxEntry entry = e.app().engine().context().outbox().get(id);
            assertEquals(OutboxEntry.PENDING, entry.state());
            assertEquals(0, entry.attempts());
            String claimedBy = e.app().engine().context().db().read(c -> Tx.query(c, "SELECT claimed_by FROM outbox WHERE id=?",
                    rs -> rs.getString(1), id).get(0));
            assertNull(claimedBy);
        }
    }
}
