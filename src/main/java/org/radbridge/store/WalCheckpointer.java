package org.radbridge.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the SQLite write-ahead log back into the database file from its own thread and connection
 * (PASSIVE checkpoints, SQLite "Write-Ahead Logging" §3.5 / {@code sqlite3_wal_checkpoint_v2}), so the
 * group-commit writer's COMMIT only appends to the log and syncs it. Left to SQLite's automatic
 * checkpoint, every ~1,000 pages one COMMIT also copied the log into the database and synced the
 * database file, holding every waiting acknowledgement for that time. The writer keeps a much higher
 * automatic checkpoint threshold as a safety net should this thread fall behind. Durability is
 * unchanged: a transaction is durable once its log frames are synced (synchronous=FULL).
 */
final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Writer's automatic checkpoint threshold in pages while this thread runs (SQLite's default is 1,000). */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;
    private static final long INTERVAL_MILLIS = 250;

    private final String url;
    private final Thread thread;
    private volatile boolean running = true;

    WalCheckpointer(String url) {
        this.url = url;
        this.thread = Threads.startDaemon("radbridge-checkpoint", this::loop);
    }

    private void loop() {
        Connection c = null;
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                if (c == null) {
                    c = DriverManager.getConnection(url);
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA busy_timeout=5000");
                    }
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next(); // busy, log frames, frames checkpointed
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException e) {
                LOG.debug("WAL checkpoint: {}", e.getMessage());
                close(c);
                c = null;
            }
        }
        close(c);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
