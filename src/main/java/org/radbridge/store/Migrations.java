package org.radbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations run by Flyway, one Flyway history table per area ("module"):
 * {@code db/migration/<module>/common/Vnnn.sql} (optionally {@code Vnnn__what.sql}) for SQL both databases run as written, and
 * {@code db/migration/<module>/<dialect>/Vnnn.sql} (dialect {@code sqlite} or {@code postgresql}) only where the
 * SQL differs; a version lives in one of the two. Module {@code m} is recorded in {@code flyway_history_m}; Flyway
 * checks the checksum of every applied file at each start (an edited released migration stops the start) and splits
 * scripts with its dialect's parser (quotes, comments, dollar quoting, trigger bodies).
 *
 * <p>Databases of the previous releases: their runner recorded {@code schema_version(module, version)}. A module
 * without its Flyway history but with rows there is taken over: baselined at the highest version it has, and only
 * newer files run. Each migration applied is also recorded in {@code schema_version}, so the previous release (one
 * version apart, docs/operations.md "Rolling upgrade") still sees its migrations applied and runs on this schema.
 *
 * <p>Several instances starting at once on one PostgreSQL: the whole run holds the session advisory lock the previous
 * runner took per transaction (key 7261001), so old and new instances migrate one after the other, and Flyway takes its
 * own lock on each history table besides. SQLite is one file per data directory, opened by one engine. Flyway uses a
 * small pool of its own, closed before the engine's connections open. See docs/operations.md "Migrations (Flyway)".
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Areas with their own schema, migrated in this order. Add a module here and its folders. */
    public static final List<String> MODULES = List.of("core", "audit", "worklist", "fhir", "notify",
            "procedure", "deid", "availability", "shadow", "config");

    /** The PostgreSQL advisory lock of migrations, the one the previous releases' runner took too. */
    static final long LOCK_KEY = 7261001;

    /** The previous releases' record of applied migrations, still kept for them. */
    static final String LEGACY_TABLE = "schema_version";

    private Migrations() {
    }

    /** The Flyway history table of a module. */
    public static String historyTable(String module) {
        return "flyway_history_" + module;
    }

    /** The classpath folder of the migrations. */
    static final String ROOT = "db/migration";

    /** Migrates the database at {@code url} to this release's schema; throws {@link StoreException} when it cannot. */
    static void run(String url, String user, String password, Dialect dialect) {
        run(url, user, password, dialect, List.of(ROOT));
    }

    /**
     * Migrates with the files of several classpath roots, each laid out as {@link #ROOT} (tests add a "next release"
     * root to prove upgrades).
     */
    public static void run(String url, String user, String password, Dialect dialect, List<String> roots) {
        try (Connection lock = DriverManager.getConnection(url, blankToEmpty(user), blankToEmpty(password));
                HikariDataSource ds = dataSource(url, user, password, dialect)) {
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement st = lock.createStatement()) {
                    st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
                }
            }
            try {
                migrate(ds, dialect, roots);
            } finally {
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement st = lock.createStatement()) {
                        st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database migration failed: " + e.getMessage(), e);
        } catch (FlywayException e) {
            throw new StoreException("database migration failed: " + e.getMessage(), e);
        }
    }

    private static void migrate(HikariDataSource ds, Dialect dialect, List<String> roots) throws SQLException {
        Map<String, Integer> legacy = legacyVersions(ds);
        Set<String> histories = tables(ds);
        FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader()) // plugins are looked up once
                .dataSource(ds)
                .failOnMissingLocations(false)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .baselineOnMigrate(true);
        for (String module : MODULES) {
            List<String> locations = new ArrayList<>();
            for (String root : roots) {
                if (Migrations.class.getClassLoader().getResource(root + "/" + module) != null) {
                    locations.add("classpath:" + root + "/" + module + "/common");
                    locations.add("classpath:" + root + "/" + module + "/" + dialect.folder);
                }
            }
            if (locations.isEmpty()) {
                continue; // no migration files for this module
            }
            Integer taken = histories.contains(historyTable(module)) ? null : legacy.get(module);
            if (taken != null) {
                int have = legacy.getOrDefault(module + "#", 0);
                if (have != taken) {
                    throw new StoreException("cannot take over the schema of " + module + ": " + LEGACY_TABLE + " has "
                            + have + " of its versions 1.." + taken + " (a gap)");
                }
                LOG.info("Schema of {} taken over from {} at version {}", module, LEGACY_TABLE, taken);
            }
            // the tables of other modules make the schema non-empty: a module without its history is baselined, at
            // the version the previous runner recorded, or at 0 so that all its files run
            MigrateResult result = config
                    .locations(locations.toArray(String[]::new))
                    .table(historyTable(module))
                    .callbacks(new LegacyRecord(module, LEGACY_TABLE))
                    .baselineVersion(taken == null ? "0" : String.valueOf(taken))
                    .baselineDescription(taken == null ? "empty: every file runs" : "taken over from " + LEGACY_TABLE)
                    .load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Applied migrations of {}: {}, now at version {}", module, result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
        }
    }

    /** Names (lower case) of the tables in the connection's schema. */
    private static Set<String> tables(HikariDataSource ds) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = ds.getConnection();
                java.sql.ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    /** Per module of the previous releases' table (created empty when missing): the highest version, at "module#" how many. */
    private static Map<String, Integer> legacyVersions(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + LEGACY_TABLE + " (module VARCHAR(64) NOT NULL, "
                    + "version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
            Map<String, Integer> out = new TreeMap<>();
            for (String[] row : Tx.query(c, "SELECT module, version FROM " + LEGACY_TABLE,
                    rs -> new String[] {rs.getString(1), String.valueOf(rs.getInt(2))})) {
                out.merge(row[0], Integer.parseInt(row[1]), Math::max);
                out.merge(row[0] + "#", 1, Integer::sum); // how many versions: a gap leaves fewer than the highest
            }
            return out;
        }
    }

    /** A small pool for Flyway alone, closed after the run; SQLite connections as the engine's (WAL, busy timeout). */
    private static HikariDataSource dataSource(String url, String user, String password, Dialect dialect) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            hc.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            hc.setPassword(password);
        }
        hc.setPoolName("radbridge-migrate");
        hc.setMaximumPoolSize(3);
        hc.setMinimumIdle(0);
        if (dialect == Dialect.SQLITE) {
            hc.setConnectionInitSql("PRAGMA busy_timeout=30000");
            hc.addDataSourceProperty("journal_mode", "WAL");
        }
        return new HikariDataSource(hc);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }
}
