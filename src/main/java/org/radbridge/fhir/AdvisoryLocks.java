package org.radbridge.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Cluster-wide FHIR write serialization on PostgreSQL (docs/fhir.md, "Several instances"): a session-level advisory
 * lock (PostgreSQL 14 §13.3.5, {@code pg_advisory_lock(int, int)}) per identifier key, so that the workers of every
 * engine instance on one database write one identifier one at a time. The first int is a fixed namespace
 * ({@value #NAMESPACE}), the second the first 32 bits of SHA-256 of the key; two keys sharing a hash only wait for
 * each other. Keys are locked in ascending order (no deadlock between deliveries of any instance), on a connection
 * of this object's own (never the writer's or the read pool's), held while the Bundle is sent, then released with
 * {@code pg_advisory_unlock_all()}. An instance that dies loses its session, and PostgreSQL releases its locks at
 * once. A lock not obtained within the lock timeout fails the attempt (the outbox retries it).
 */
public final class AdvisoryLocks implements WriteLocks {

    /** "FHIR" in ASCII: the first key of every FHIR write lock (the engine's other advisory locks use the bigint form). */
    static final int NAMESPACE = 0x46484952;

    /** Opens a new connection to the engine's PostgreSQL database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final long lockTimeoutMillis;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    /** {@code maxIdle}: connections kept between deliveries (the number of workers). */
    public AdvisoryLocks(Connections connections, long lockTimeoutMillis, int maxIdle) {
        this.connections = connections;
        this.lockTimeoutMillis = lockTimeoutMillis;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    /** The lock's second key: the first four bytes of SHA-256 of the identifier key. */
    static int hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Handle lock(Iterable<String> keys) throws Exception {
        TreeSet<Integer> ids = new TreeSet<>();
        for (String k : keys) {
            ids.add(hash(k));
        }
        Connection c = borrow();
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            for (int id : ids) {
                st.setInt(1, NAMESPACE);
                st.setInt(2, id);
                st.execute();
            }
        } catch (SQLException e) {
            discard(c); // the session ends: whatever it held is released
            throw new SQLException("FHIR write lock not obtained (" + e.getMessage() + ")", e.getSQLState(), e);
        }
        return () -> release(c);
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.poll();
        if (c != null && c.isValid(5)) {
            return c;
        }
        if (c != null) {
            discard(c);
        }
        c = connections.open();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = " + Math.max(1, lockTimeoutMillis));
            st.execute("SET application_name = 'radbridge-fhir-locks'");
        } catch (SQLException e) {
            discard(c);
            throw e;
        }
        return c;
    }

    private void release(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            discard(c); // ending the session releases the locks as well
            return;
        }
        if (closed || !idle.offer(c)) {
            discard(c);
        }
    }

    private static void discard(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            discard(c);
        }
    }
}
