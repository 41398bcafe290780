package org.radbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * One unit of work's view of the writer transaction: statement helpers and after-commit hooks (run only
 * if this unit's savepoint survived and the batch committed). Also used for plain reads.
 */
public final class Tx {

    private final Connection connection;
    private final Dialect dialect;
    private final StatementCache statements;
    private List<Runnable> afterCommit;
    private List<Runnable> onCommit;
    private SQLException ended;

    public Tx(Connection connection, Dialect dialect) {
        this(connection, dialect, null);
    }

    /** A unit of the writer: {@link #update}, {@link #insert} and {@link #query} reuse the cache's statements. */
    Tx(Connection connection, Dialect dialect, StatementCache statements) {
        this.connection = connection;
        this.dialect = dialect;
        this.statements = statements != null && statements.connection() == connection ? statements : null;
    }

    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs after the batch holding this unit has committed (e.g. wake a worker). */
    public void afterCommit(Runnable r) {
        if (afterCommit == null) {
            afterCommit = new ArrayList<>(2);
        }
        afterCommit.add(r);
    }

    List<Runnable> afterCommitHooks() {
        return afterCommit == null ? List.of() : afterCommit;
    }

    /**
     * Runs on the writer thread right after the batch holding this unit has committed, before the next batch
     * starts: hooks of successive units run in commit order. Must be quick and must neither block nor write
     * (e.g. offer an id to an in-memory queue); use {@link #afterCommit} for anything else. Outside the writer
     * (a plain read {@code Tx}) it is never run.
     */
    public void onCommit(Runnable r) {
        if (onCommit == null) {
            onCommit = new ArrayList<>(1);
        }
        onCommit.add(r);
    }

    List<Runnable> onCommitHooks() {
        return onCommit == null ? List.of() : onCommit;
    }

    /**
     * The storage error (disk full, I/O, lost connection...) that may have ended this unit's transaction, or
     * null. Once set, every further statement of this unit fails: with SQLite the transaction may already be
     * rolled back, and a statement run now would commit on its own (see {@link StorageErrors}).
     */
    SQLException ended() {
        return ended;
    }

    private void checkOpen() throws SQLException {
        if (ended != null) {
            throw new SQLException("the transaction was ended by an earlier storage error: " + StorageErrors.describe(ended),
                    ended.getSQLState(), ended.getErrorCode(), ended);
        }
    }

    private SQLException note(SQLException e) {
        if (ended == null && StorageErrors.mayEndTransaction(e)) {
            ended = e;
        }
        return e;
    }

    public int update(String sql, Object... args) throws SQLException {
        checkOpen();
        try {
            return doUpdate(sql, args);
        } catch (SQLException e) {
            throw note(e);
        }
    }

    private int doUpdate(String sql, Object... args) throws SQLException {
        if (statements == null) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        }
        PreparedStatement ps = statements.borrow(sql, false);
        boolean failed = true;
        try {
            bind(ps, args);
            int n = ps.executeUpdate();
            failed = false;
            return n;
        } finally {
            statements.release(sql, false, ps, failed);
        }
    }

    /** INSERT returning the generated key of column "id". */
    public long insert(String sql, Object... args) throws SQLException {
        checkOpen();
        try {
            return doInsert(sql, args);
        } catch (SQLException e) {
            throw note(e);
        }
    }

    private long doInsert(String sql, Object... args) throws SQLException {
        if (statements == null) {
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                return insert(ps, args);
            }
        }
        if (dialect == Dialect.SQLITE) {
            return insertSqlite(sql, args);
        }
        PreparedStatement ps = statements.borrow(sql, true);
        boolean failed = true;
        try {
            long id = insert(ps, args);
            failed = false;
            return id;
        } finally {
            statements.release(sql, true, ps, failed);
        }
    }

    /** The rowid of the last row this connection inserted (a trigger's own inserts do not change it afterwards). */
    private static final String LAST_ROWID = "SELECT last_insert_rowid()";

    /**
     * SQLite on the writer: the INSERT, then {@code last_insert_rowid()} with a cached statement. The driver's
     * generated-keys support matched the SQL with a regular expression and prepared, ran and closed a query of
     * its own for every insert (a large share of the writer's time in the intake profile).
     */
    private long insertSqlite(String sql, Object... args) throws SQLException {
        PreparedStatement ps = statements.borrow(sql, false);
        boolean failed = true;
        try {
            bind(ps, args);
            ps.executeUpdate();
            failed = false;
        } finally {
            statements.release(sql, false, ps, failed);
        }
        PreparedStatement last = statements.borrow(LAST_ROWID, false);
        failed = true;
        try (ResultSet rs = last.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no rowid of the inserted row");
            }
            long id = rs.getLong(1);
            failed = false;
            return id;
        } finally {
            statements.release(LAST_ROWID, false, last, failed);
        }
    }

    private static long insert(PreparedStatement ps, Object... args) throws SQLException {
        bind(ps, args);
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
            if (!rs.next()) {
                throw new SQLException("no generated key");
            }
            return rs.getLong(1);
        }
    }

    public <T> List<T> query(String sql, Rows<T> rows, Object... args) throws SQLException {
        checkOpen();
        try {
            return doQuery(sql, rows, args);
        } catch (SQLException e) {
            throw note(e);
        }
    }

    private <T> List<T> doQuery(String sql, Rows<T> rows, Object... args) throws SQLException {
        if (statements == null) {
            return query(connection, sql, rows, args);
        }
        PreparedStatement ps = statements.borrow(sql, false);
        boolean failed = true;
        try {
            List<T> out = query(ps, rows, args);
            failed = false;
            return out;
        } finally {
            statements.release(sql, false, ps, failed);
        }
    }

    public <T> T queryOne(String sql, Rows<T> rows, Object... args) throws SQLException {
        List<T> l = query(sql, rows, args);
        return l.isEmpty() ? null : l.get(0);
    }

    public static <T> List<T> query(Connection c, String sql, Rows<T> rows, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return query(ps, rows, args);
        }
    }

    private static <T> List<T> query(PreparedStatement ps, Rows<T> rows, Object... args) throws SQLException {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rows.map(rs));
            }
            return out;
        }
    }

    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else if (a instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else if (a instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
