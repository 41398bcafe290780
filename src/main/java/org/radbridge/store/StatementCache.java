package org.radbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements of the writer's connection, kept across units of work and batches: every message
 * runs the same dozen statements, and preparing them again each time (parsing and planning the SQL) cost
 * the single writer thread a large share of its time. Keyed by SQL text (and whether generated keys are
 * returned), least recently used evicted beyond {@code capacity}. A statement is lent to one use at a
 * time: a nested use of the same SQL while it is lent (a query run while iterating another) gets a fresh,
 * uncached statement. Writer thread only; emptied when the connection is replaced.
 */
final class StatementCache implements AutoCloseable {

    private static final class Entry {
        final PreparedStatement ps;
        boolean lent;

        Entry(PreparedStatement ps) {
            this.ps = ps;
        }
    }

    private final Connection connection;
    private final Map<String, Entry> entries;

    StatementCache(Connection connection, int capacity) {
        this.connection = connection;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > capacity && !eldest.getValue().lent) {
                    closeQuietly(eldest.getValue().ps);
                    return true;
                }
                return false;
            }
        };
    }

    Connection connection() {
        return connection;
    }

    /** A prepared statement for the SQL, cleared of parameters; give it back with {@link #release}. */
    PreparedStatement borrow(String sql, boolean generatedKeys) throws SQLException {
        String key = generatedKeys ? "K:" + sql : sql;
        Entry e = entries.get(key);
        if (e != null && !e.lent) {
            e.lent = true;
            e.ps.clearParameters();
            return e.ps;
        }
        PreparedStatement ps = generatedKeys ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                : connection.prepareStatement(sql);
        if (e == null) {
            Entry n = new Entry(ps);
            n.lent = true;
            entries.put(key, n);
        }
        return ps;
    }

    /** Gives a statement back; a failed one is closed and dropped (it is prepared again next time). */
    void release(String sql, boolean generatedKeys, PreparedStatement ps, boolean failed) {
        String key = generatedKeys ? "K:" + sql : sql;
        Entry e = entries.get(key);
        if (e == null || e.ps != ps) {
            closeQuietly(ps); // an uncached (nested) statement
            return;
        }
        if (failed) {
            entries.remove(key);
            closeQuietly(ps);
            return;
        }
        e.lent = false;
    }

    int size() {
        return entries.size();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection is going away or broken
        }
    }

    @Override
    public void close() {
        entries.values().forEach(e -> closeQuietly(e.ps));
        entries.clear();
    }
}
