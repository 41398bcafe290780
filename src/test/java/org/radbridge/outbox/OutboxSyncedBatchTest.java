package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * Destinations that make a batch durable at once (the file outbox: fdatasync per file, one directory fsync per batch):
 * a worker records a batch's outcomes only after {@link Destination#sync} returned, and a failed sync makes the
 * batch's deliveries RETRY (sent again), so an entry is DONE only once its delivery is durable.
 */
class OutboxSyncedBatchTest {

    /** Writes nothing; checks at each sync that no outcome of the batch was recorded yet; fails its first sync. */
    private static final class SyncingDestination implements Destination {
        final Outbox outbox;
        final List<OutboxEntry> unsynced = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger syncs = new AtomicInteger();
        final List<String> durable = new CopyOnWriteArrayList<>();

        SyncingDestination(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public String name() {
            return "syncing";
        }

        @Override
        public DeliveryResult deliver(OutboxEntry e) {
            unsynced.add(e);
            return DeliveryResult.delivered("ok");
        }

        @Override
        public boolean syncsBeforeOutcomes() {
            return true;
        }

        @Override
        public void sync() throws Exception {
            List<OutboxEntry> batch = new ArrayList<>(unsynced);
            unsynced.clear();
            for (OutboxEntry e : batch) {
                OutboxEntry now = outbox.get(e.id());
                // this attempt's outcome (entry state, attempt row) not recorded yet: only the earlier attempts' rows
                if (!OutboxEntry.IN_FLIGHT.equals(now.state()) || outbox.attempts(e.id()).size() >= e.attempts()) {
                    violations.add(e.payloadText() + " had its outcome before the sync: " + now.state());
                }
            }
            if (syncs.incrementAndGet() == 1) {
                throw new java.io.IOException("EIO (test)");
            }
            batch.forEach(e -> durable.add(e.payloadText()));
        }
    }

    @Test
    void outcomesAreRecordedAfterTheSyncAndAFailedSyncIsRetried() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.outbox.backoff-initial-ms", "40", "radbridge.outbox.backoff-max-ms", "200"))) {
            Outbox outbox = e.app().engine().context().outbox();
            SyncingDestination d = new SyncingDestination(outbox);
            e.app().engine().context().workers().register(d);
            long first = outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text("syncing", "K0", "t", "text/plain", "p0", null)));
            Waits.until("the first entry retried after its failed sync, then DONE", Duration.ofSeconds(30),
                    () -> OutboxEntry.DONE.equals(outbox.get(first).state()));
            List<Outbox.Attempt> attempts = outbox.attempts(first);
            assertEquals(2, attempts.size(), attempts.toString());
            assertEquals("RETRY", attempts.get(0).outcome());
            assertTrue(attempts.get(0).detail().contains("not made durable"), attempts.get(0).detail());
            assertEquals("DELIVERED", attempts.get(1).outcome());
            for (int i = 1; i <= 40; i++) {
                String key = "K" + i;
                String payload = "p" + i;
                outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text("syncing", key, "t", "text/plain", payload, null)));
            }
            Waits.until("all DONE", Duration.ofSeconds(30), () -> outbox.list("syncing", OutboxEntry.DONE, null, 1000).size() == 41);
            assertEquals(List.of(), d.violations);
            assertEquals(41, d.durable.size());
        }
    }

    @Test
    void theFileOutboxWritesEachPayloadOnceUnderItsEntryIdAndLeavesNoTemporaryFile() throws Exception {
        Path dir = Files.createTempDirectory("radbridge-files").resolve("outbox").resolve("files");
        try (TestEngine e = TestEngine.start(Map.of())) {
            Outbox outbox = e.app().engine().context().outbox();
            e.app().engine().context().workers().register(new FileDestination("files", dir, "txt"));
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String key = "P" + (i % 7);
                String payload = "payload " + i;
                ids.add(outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text("files", key, "doc", "text/plain", payload, null))));
            }
            Waits.until("all DONE", Duration.ofSeconds(30), () -> outbox.list("files", OutboxEntry.DONE, null, 1000).size() == 30);
            for (int i = 0; i < ids.size(); i++) {
                Path f = dir.resolve(String.format("%012d-doc.txt", ids.get(i)));
                assertEquals("payload " + i, Files.readString(f, StandardCharsets.UTF_8));
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(30, files.filter(p -> !p.getFileName().toString().startsWith(".")).count());
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
            }
        } finally {
            TestEngine.deleteTree(dir.getParent().getParent());
        }
    }
}
