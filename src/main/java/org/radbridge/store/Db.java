package org.radbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's database: SQLite in WAL mode under the data directory (the embedded default), or
 * PostgreSQL. Reads use a connection pool; every write goes through the single {@link GroupCommitWriter},
 * which commits many units of work with one transaction (group commit) so "durable before ACK" stays
 * cheap. See docs/architecture.md.
 */
public final class Db implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Db.class);

    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final GroupCommitWriter writer;
    private final WalCheckpointer checkpointer;
    private final String url;
    private final long writeTimeoutNanos;

    /** Test hook: wrappers of the writer's connections by JDBC URL (fault injection), see {@link #wrapWriterConnections}. */
    private static final Map<String, UnaryOperator<Connection>> WRITER_WRAPPERS = new ConcurrentHashMap<>();

    private Db(String url, Dialect dialect, HikariDataSource readPool, GroupCommitWriter.ConnectionFactory writerConnections,
            int maxBatch, Duration writeTimeout) throws SQLException {
        this.url = url;
        this.dialect = dialect;
        this.readPool = readPool;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.writer = new GroupCommitWriter(writerConnections, dialect, maxBatch);
        this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(url) : null;
    }

    /**
     * Settings of the database, from radbridge.db.* and radbridge.data-dir. {@code writeTimeout}: longest wait of
     * {@link #writeAndWait} for a unit of work to start (radbridge.db.write-timeout-seconds).
     */
    public record Config(String url, String user, String password, Path dataDir, String sqliteSynchronous,
            int poolSize, int maxBatch, Duration writeTimeout) {

        public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(15);

        public Config(String url, String user, String password, Path dataDir, String sqliteSynchronous, int poolSize, int maxBatch) {
            this(url, user, password, dataDir, sqliteSynchronous, poolSize, maxBatch, DEFAULT_WRITE_TIMEOUT);
        }
    }

    /** /health's view of the database: UP while the writer can store, else DOWN with the reason. */
    public record Health(boolean up, String detail) {
    }

    /**
     * Test hook (fault injection): every connection the writer opens for the database at this JDBC URL
     * ({@code jdbc:sqlite:<data-dir>/radbridge.db} for the embedded one) is passed through {@code wrapper};
     * null removes it. Register before {@link #open}.
     */
    public static void wrapWriterConnections(String jdbcUrl, UnaryOperator<Connection> wrapper) {
        if (wrapper == null) {
            WRITER_WRAPPERS.remove(jdbcUrl);
        } else {
            WRITER_WRAPPERS.put(jdbcUrl, wrapper);
        }
    }

    /** The JDBC URL of the embedded database in this data directory. */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("radbridge.db").toAbsolutePath();
    }

    public static Db open(Config cfg) {
        String url = cfg.url();
        if (url == null || url.isBlank() || url.equals("embedded")) {
            try {
                Files.createDirectories(cfg.dataDir());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create radbridge.data-dir " + cfg.dataDir() + ": " + e.getMessage(), e);
            }
            url = embeddedUrl(cfg.dataDir());
        }
        Dialect dialect = Dialect.ofUrl(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (cfg.user() != null && !cfg.user().isBlank()) {
            hc.setUsername(cfg.user());
        }
        if (cfg.password() != null && !cfg.password().isBlank()) {
            hc.setPassword(cfg.password());
        }
        hc.setMaximumPoolSize(Math.max(2, cfg.poolSize()));
        hc.setPoolName("radbridge-read");
        hc.setAutoCommit(true);
        String sync = cfg.sqliteSynchronous() == null ? "FULL" : cfg.sqliteSynchronous();
        if (dialect == Dialect.SQLITE) {
            hc.setConnectionInitSql("PRAGMA busy_timeout=30000");
            hc.addDataSourceProperty("journal_mode", "WAL");
        }
        String finalUrl = url;
        GroupCommitWriter.ConnectionFactory writerConnections = () -> {
            Connection w = java.sql.DriverManager.getConnection(finalUrl, cfg.user() == null ? "" : cfg.user(),
                    cfg.password() == null ? "" : cfg.password());
            if (dialect == Dialect.SQLITE) {
                try (Statement st = w.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=" + sync);
                    st.execute("PRAGMA busy_timeout=30000");
                    st.execute("PRAGMA foreign_keys=ON");
                    st.execute("PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES); // WalCheckpointer does it
                    st.execute("PRAGMA cache_size=-65536"); // 64 MiB of pages: the writer's index lookups stay in memory
                    // each unit runs under a savepoint: SQLite copies every page a savepoint changes first into a
                    // sub-journal, a temporary file by default (a write per page, ~58 MB per 3 s at 8 connections)
                    st.execute("PRAGMA temp_store=MEMORY");
                }
            }
            w.setAutoCommit(false);
            UnaryOperator<Connection> wrapper = WRITER_WRAPPERS.get(finalUrl);
            return wrapper == null ? w : wrapper.apply(w);
        };
        Migrations.run(url, cfg.user(), cfg.password(), dialect);
        try {
            HikariDataSource pool = new HikariDataSource(hc);
            Db db = new Db(url, dialect, pool, writerConnections, cfg.maxBatch() <= 0 ? 512 : cfg.maxBatch(),
                    cfg.writeTimeout() == null || cfg.writeTimeout().isZero() || cfg.writeTimeout().isNegative()
                            ? Config.DEFAULT_WRITE_TIMEOUT : cfg.writeTimeout());
            LOG.info("Database ready: {} ({})", dialect, redact(url));
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return redact(url);
    }

    /** Runs a read on a pooled autocommit connection. */
    public <T> T read(SqlFunction<T> fn) {
        try (Connection c = readPool.getConnection()) {
            return fn.apply(c);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    /** Queues a unit of work for the writer; the future completes after its batch committed (or failed). */
    public <T> CompletableFuture<T> write(TxWork<T> work) {
        return writer.submit(work).future();
    }

    /**
     * {@link #write} without a commit of its own: the unit runs in the next batch the writer commits, ahead of its
     * units (group commit with whatever comes next). The caller must make sure a unit follows (e.g. {@code write(tx -> null)})
     * before it waits for this one.
     */
    public <T> CompletableFuture<T> writeDeferred(TxWork<T> work) {
        return writer.submitDeferred(work).future();
    }

    /**
     * {@link #write} and wait; the work's own exception is rethrown unwrapped when unchecked. If the unit has not
     * started within the write timeout it is withdrawn (it never runs) and a {@link StoreException} is thrown; a
     * unit already running is waited for, since its batch may still commit.
     */
    public <T> T writeAndWait(TxWork<T> work) {
        GroupCommitWriter.Unit<T> unit = writer.submit(work, true); // this thread only waits: the writer may complete it
        try {
            try {
                return unit.future().get(writeTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (unit.cancel()) {
                    throw new StoreException("database write timed out after " + writeTimeoutNanos / 1_000_000_000
                            + " s (writer busy or stalled); nothing was stored");
                }
                return unit.future().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unit.cancel(); // if it has not started, it never will
            throw new StoreException("interrupted while waiting for the writer", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StoreException(c.getMessage(), c);
        }
    }

    /** True when the writer can commit. */
    public boolean healthy() {
        return writer.problem(writeTimeoutNanos) == null;
    }

    /** For /health: DOWN with the reason while the writer cannot store (last error and since when, or stalled). */
    public Health health() {
        String problem = writer.problem(writeTimeoutNanos);
        if (problem != null) {
            return new Health(false, problem);
        }
        String recovered = writer.lastRecovered();
        return new Health(true, recovered == null ? dialect.name() : dialect.name() + "; " + recovered);
    }

    public long writerBatches() {
        return writer.batches();
    }

    public long writerUnits() {
        return writer.units();
    }

    /** Seconds the writer spent running units of work since start. */
    public double writerWorkSeconds() {
        return writer.workNanos() / 1e9;
    }

    /** Seconds the writer spent committing (log write and fsync) since start. */
    public double writerCommitSeconds() {
        return writer.commitNanos() / 1e9;
    }

    /** Observes the duration of every COMMIT of the group-commit writer, in nanoseconds (e.g. a histogram; must be quick). */
    public void onCommit(java.util.function.LongConsumer nanos) {
        writer.commitObserver(nanos);
    }

    @Override
    public void close() {
        writer.close();
        if (checkpointer != null) {
            checkpointer.close();
        }
        readPool.close();
    }
}
