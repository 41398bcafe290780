package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.Waits;

/**
 * The embedded database's log is copied into the database file by the background checkpointer, not by a
 * writer COMMIT (whose automatic threshold is far above what is written here); the group-commit writer reports
 * its batches and times.
 */
class WalCheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void logIsCheckpointedInTheBackgroundAndWriterCountsItsWork() throws Exception {
        try (Db db = Db.open(new Db.Config("embedded", null, null, dir, "FULL", 2, 512))) {
            db.writeAndWait(tx -> tx.update("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, v BLOB)"));
            long[] size = {-1};
            Waits.holds("the checkpointer caught up with the migrations (file size steady)", Duration.ofMillis(600), () -> {
                long s = Files.size(dir.resolve("radbridge.db"));
                boolean same = s == size[0];
                size[0] = s;
                return same;
            });
            long before = Files.size(dir.resolve("radbridge.db"));
            for (int i = 0; i < 200; i++) {
                int n = i;
                db.writeAndWait(tx -> tx.update("INSERT INTO bench_rows (v) VALUES (?)", new byte[4000 + n]));
            }
            // 200 rows of ~4 KB: ~400 pages, far below the writer's automatic threshold of 10,000
            long deadline = System.currentTimeMillis() + 10_000;
            long after = Files.size(dir.resolve("radbridge.db"));
            while (after < before + 200 * 4000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                after = Files.size(dir.resolve("radbridge.db"));
            }
            assertTrue(after >= before + 200 * 4000, "database file grew from " + before + " to " + after);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("radbridge.db"));
                    Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM bench_rows")) {
                rs.next();
                assertEquals(200, rs.getInt(1));
            }
            assertTrue(db.writerUnits() >= 201, "units " + db.writerUnits());
            assertTrue(db.writerBatches() >= 1 && db.writerBatches() <= db.writerUnits());
            assertTrue(db.writerCommitSeconds() > 0 && db.writerWorkSeconds() > 0);
        }
    }
}
