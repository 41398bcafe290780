package org.radbridge.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JDBC connection that fails on demand (fault injection for the group-commit writer), as a
 * {@link java.lang.reflect.Proxy} around the real one. The failures imitate SQLite's: SQLITE_FULL during COMMIT
 * or a write may roll the whole transaction back ("Response To Errors Within A Transaction",
 * lang_transaction.html) — here by a raw {@code ROLLBACK} on the real connection, which leaves it outside any
 * transaction exactly as the driver does after such an error. One {@link Faults} may control many connections
 * (the writer opens a new one after a failure).
 */
public final class FaultyConnection {

    /** What COMMIT does when it is told to fail. */
    public enum CommitFailure {
        /** Throws SQLITE_FULL; the transaction is still open (the writer must roll it back). */
        KEEP_TRANSACTION,
        /** Throws SQLITE_FULL after the database rolled the transaction back by itself (SQLite's disk-full case). */
        AUTO_ROLLBACK,
        /** Commits, then throws (the driver reports an error for a commit that happened). */
        COMMIT_THEN_THROW,
        /** Throws an unchecked exception (a driver bug): the writer's loop sees it. */
        UNCHECKED
    }

    /** The switches; thread-safe. */
    public static final class Faults {
        private final AtomicInteger savepointCalls = new AtomicInteger();
        private final AtomicInteger failSavepointAt = new AtomicInteger(-1);
        private final AtomicInteger commitCalls = new AtomicInteger();
        private final AtomicInteger failCommitFrom = new AtomicInteger(-1);
        private final AtomicInteger failCommitTo = new AtomicInteger(-1);
        private final AtomicReference<CommitFailure> commitFailure = new AtomicReference<>(CommitFailure.AUTO_ROLLBACK);
        private final AtomicInteger failUpdateAt = new AtomicInteger(-1);
        private final AtomicBoolean diskFull = new AtomicBoolean();
        private final AtomicInteger updates = new AtomicInteger();
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger injected = new AtomicInteger();
        private volatile boolean postgres;

        /** Fail as PostgreSQL does on a full disk (SQLSTATE 53100) instead of as SQLite. */
        public Faults postgres() {
            postgres = true;
            return this;
        }

        /** The disk-full error of the database imitated. */
        SQLException full() {
            return postgres ? new SQLException("ERROR: could not extend file: No space left on device", "53100") : sqliteFull();
        }

        /** The {@code n}-th setSavepoint() from now (1 = the next) throws. */
        public void failSavepoint(int n) {
            failSavepointAt.set(savepointCalls.get() + n);
        }

        /** {@code count} commits fail this way, starting with the {@code nth} from now (1 = the next). */
        public void failCommits(int nth, int count, CommitFailure how) {
            commitFailure.set(how);
            int now = commitCalls.get();
            failCommitTo.set(now + nth + count - 1);
            failCommitFrom.set(now + nth);
        }

        /** The {@code nth} executeUpdate() from now fails with SQLITE_FULL after the transaction was rolled back. */
        public void failUpdate(int nth) {
            failUpdateAt.set(updates.get() + nth);
        }

        /** While on: every commit fails as {@link CommitFailure#AUTO_ROLLBACK} and every 4th write as well. */
        public void diskFull(boolean on) {
            diskFull.set(on);
        }

        /** Connections wrapped so far (the writer's first one and every one it opened again). */
        public int opened() {
            return opened.get();
        }

        /** Failures injected so far. */
        public int injected() {
            return injected.get();
        }

        public Connection wrap(Connection real) {
            opened.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(FaultyConnection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    new ConnectionHandler(real, this));
        }

        private boolean takeCommitFailure() {
            int n = commitCalls.incrementAndGet();
            return diskFull.get() || (n >= failCommitFrom.get() && n <= failCommitTo.get());
        }

        private boolean takeUpdateFailure() {
            int n = updates.incrementAndGet();
            return (diskFull.get() && n % 4 == 0) || n == failUpdateAt.get();
        }
    }

    private FaultyConnection() {
    }

    public static SQLException sqliteFull() {
        return new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)", null, 13);
    }

    /** What SQLite does on SQLITE_FULL in the worst case: the transaction is gone, the driver begins none. */
    static void rollbackBehindTheDriversBack(Connection real) {
        try (Statement st = real.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open
        }
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record ConnectionHandler(Connection real, Faults faults) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "setSavepoint" -> {
                    int n = faults.savepointCalls.incrementAndGet();
                    if (n == faults.failSavepointAt.get()) {
                        faults.injected.incrementAndGet();
                        throw new SQLException("injected: setSavepoint failed");
                    }
                }
                case "commit" -> {
                    if (faults.takeCommitFailure()) {
                        faults.injected.incrementAndGet();
                        CommitFailure how = faults.diskFull.get() ? CommitFailure.AUTO_ROLLBACK : faults.commitFailure.get();
                        switch (how) {
                            case KEEP_TRANSACTION -> throw faults.full();
                            case AUTO_ROLLBACK -> {
                                rollbackBehindTheDriversBack(real);
                                throw faults.full();
                            }
                            case COMMIT_THEN_THROW -> {
                                real.commit();
                                throw faults.full();
                            }
                            case UNCHECKED -> throw new IllegalStateException("injected: driver bug in commit");
                            default -> throw new AssertionError(how);
                        }
                    }
                }
                case "prepareStatement" -> {
                    PreparedStatement ps = (PreparedStatement) FaultyConnection.invoke(real, m, args);
                    return Proxy.newProxyInstance(FaultyConnection.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                            new StatementHandler(ps, real, faults, (Connection) proxy));
                }
                case "unwrap", "isWrapperFor" -> {
                    return FaultyConnection.invoke(real, m, args);
                }
                default -> {
                    // passed through
                }
            }
            return FaultyConnection.invoke(real, m, args);
        }
    }

    private record StatementHandler(PreparedStatement real, Connection connection, Faults faults, Connection proxy)
            implements InvocationHandler {
        @Override
        public Object invoke(Object p, Method m, Object[] args) throws Throwable {
            if ((m.getName().equals("executeUpdate") || m.getName().equals("executeLargeUpdate")) && (args == null || args.length == 0)
                    && faults.takeUpdateFailure()) {
                faults.injected.incrementAndGet();
                rollbackBehindTheDriversBack(connection);
                throw faults.full();
            }
            if (m.getName().equals("getConnection")) {
                return proxy;
            }
            return FaultyConnection.invoke(real, m, args);
        }
    }
}
