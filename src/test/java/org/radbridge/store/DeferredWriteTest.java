package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.Waits;

/**
 * {@link Db#writeDeferred}: a unit that adds no commit of its own (the outbox's outcomes, issue 15): it waits until
 * another unit makes the writer commit, runs ahead of that batch's units, and is committed with them.
 */
class DeferredWriteTest {

    @TempDir
    Path dir;

    @Test
    void aDeferredUnitRidesWithTheNextBatchAheadOfItsUnits() throws Exception {
        try (Db db = Db.open(new Db.Config("embedded", null, null, dir, "FULL", 2, 512, Duration.ofSeconds(10)))) {
            db.writeAndWait(tx -> tx.update("CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)"));
            long commits = db.writerBatches();
            CompletableFuture<Integer> deferred = db.writeDeferred(tx -> tx.update("INSERT INTO t (name) VALUES ('deferred')"));
            org.radbridge.testing.Waits.holds("no commit of its own", Duration.ofMillis(300),
                    () -> !deferred.isDone() && db.writerBatches() == commits);
            assertFalse(deferred.isDone(), "no commit of its own");
            assertEquals(commits, db.writerBatches());
            db.writeAndWait(tx -> tx.update("INSERT INTO t (name) VALUES ('next')"));
            assertEquals(1, deferred.get(10, TimeUnit.SECONDS));
            assertEquals(commits + 1, db.writerBatches(), "one commit for both");
            List<String> order = db.read(c -> Tx.query(c, "SELECT name FROM t ORDER BY seq", rs -> rs.getString(1)));
            assertEquals(List.of("deferred", "next"), order, "ahead of the batch's units");
        }
    }

    @Test
    void aNoOpUnitFlushesDeferredUnitsAndAStoppedWriterFailsThem() throws Exception {
        Db db = Db.open(new Db.Config("embedded", null, null, dir, "NORMAL", 2, 512, Duration.ofSeconds(10)));
        db.writeAndWait(tx -> tx.update("CREATE TABLE t (name TEXT NOT NULL)"));
        CompletableFuture<Integer> a = db.writeDeferred(tx -> tx.update("INSERT INTO t (name) VALUES ('a')"));
        db.write(tx -> null);
        Waits.until("flushed", Duration.ofSeconds(10), a::isDone);
        assertEquals(1, a.join());
        CompletableFuture<Integer> left = db.writeDeferred(tx -> tx.update("INSERT INTO t (name) VALUES ('left')"));
        db.close();
        assertTrue(left.isCompletedExceptionally(), "a deferred unit left at stop is failed, its caller not left waiting");
    }
}
