package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's prepared-statement cache on a real SQLite connection, and {@link Tx} reusing it. */
class StatementCacheTest {

    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT UNIQUE)");
        }
        c.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void statementIsReusedAfterRelease() throws SQLException {
        StatementCache cache = new StatementCache(c, 8);
        PreparedStatement a = cache.borrow("SELECT v FROM t WHERE id=?", false);
        cache.release("SELECT v FROM t WHERE id=?", false, a, false);
        PreparedStatement b = cache.borrow("SELECT v FROM t WHERE id=?", false);
        assertSame(a, b);
        cache.release("SELECT v FROM t WHERE id=?", false, b, false);
        assertEquals(1, cache.size());
        cache.close();
        assertTrue(a.isClosed());
    }

    @Test
    void nestedUseOfTheSameSqlGetsItsOwnStatement() throws SQLException {
        StatementCache cache = new StatementCache(c, 8);
        PreparedStatement outer = cache.borrow("SELECT 1", false);
        PreparedStatement inner = cache.borrow("SELECT 1", false);
        assertNotSame(outer, inner);
        cache.release("SELECT 1", false, inner, false);
        assertTrue(inner.isClosed(), "the uncached statement is closed when given back");
        assertFalse(outer.isClosed());
        cache.release("SELECT 1", false, outer, false);
        assertSame(outer, cache.borrow("SELECT 1", false));
    }

    @Test
    void failedStatementIsDroppedAndPreparedAgain() throws SQLException {
        StatementCache cache = new StatementCache(c, 8);
        PreparedStatement a = cache.borrow("SELECT 1", false);
        cache.release("SELECT 1", false, a, true);
        assertTrue(a.isClosed());
        assertEquals(0, cache.size());
        assertNotSame(a, cache.borrow("SELECT 1", false));
    }

    @Test
    void leastRecentlyUsedBeyondCapacityIsClosed() throws SQLException {
        StatementCache cache = new StatementCache(c, 2);
        List<PreparedStatement> ps = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String sql = "SELECT " + i;
            PreparedStatement p = cache.borrow(sql, false);
            cache.release(sql, false, p, false);
            ps.add(p);
        }
        assertEquals(2, cache.size());
        assertTrue(ps.get(0).isClosed());
        assertFalse(ps.get(2).isClosed());
    }

    @Test
    void txThroughTheCacheReturnsEachInsertsKeyAndSurvivesAConstraintError() throws SQLException {
        StatementCache cache = new StatementCache(c, 8);
        Tx tx = new Tx(c, Dialect.SQLITE, cache);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(tx.insert("INSERT INTO t (v) VALUES (?)", "v" + i));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids);
        assertThrows(SQLException.class, () -> tx.insert("INSERT INTO t (v) VALUES (?)", "v0")); // UNIQUE
        assertEquals(6L, tx.insert("INSERT INTO t (v) VALUES (?)", "v5"));
        assertEquals(1, tx.update("UPDATE t SET v=? WHERE id=?", "w1", 1L));
        assertEquals(List.of("w1", "v1"), tx.query("SELECT v FROM t WHERE id IN (?,?) ORDER BY id", rs -> rs.getString(1), 1L, 2L));
        // a query run while iterating the same query's results (nested use) sees its own statement
        List<String> nested = tx.query("SELECT v FROM t WHERE id<=? ORDER BY id", rs -> rs.getString(1) + "/"
                + tx.query("SELECT v FROM t WHERE id<=? ORDER BY id", r -> r.getString(1), 1L).get(0), 2L);
        assertEquals(List.of("w1/w1", "v1/w1"), nested);
    }

    @Test
    void txWithoutCacheOnAnotherConnectionPreparesEachTime() throws SQLException {
        StatementCache cache = new StatementCache(c, 8);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            Tx tx = new Tx(other, Dialect.SQLITE, cache); // the cache belongs to c: not used
            assertEquals(List.of(), tx.query("SELECT v FROM t", rs -> rs.getString(1)));
            assertEquals(0, cache.size());
        }
        assertTrue(Files.exists(dir.resolve("t.db")));
    }
}
