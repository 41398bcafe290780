package org.radbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.store.Db;
import org.radbridge.store.Dialect;
import org.radbridge.store.Migrations;
import org.radbridge.store.StoreException;
import org.radbridge.store.Tx;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/**
 * Flyway takes over the databases of the previous release (store.Migrations, docs/operations.md "Migrations"): a data
 * directory (SQLite) or PostgreSQL schema made by the previous release's own runner — its classes, built from git by
 * {@link PreviousRelease}, loaded in their own class loader — is baselined per module at the version its
 * {@code schema_version} records, and only newer files run (a "next release" root of test migrations: a literal with
 * ';' and comment marks, a SQLite trigger body, a PostgreSQL dollar-quoted function). Then this release and the
 * previous one open it again (roll back). An edited applied migration stops the start (checksum). Several instances
 * starting at once on one PostgreSQL migrate once, fresh or taking over.
 */
@ExtendWith(PostgresDatabase.class)
class SchemaTakeoverTest {

    private static final List<String> NEXT = List.of("db/migration", "upgrade/next-migrations");
    private static URLClassLoader previous;

    @BeforeAll
    static void previousRelease() throws Exception {
        Path dir = PreviousRelease.build();
        List<URL> urls = new ArrayList<>();
        urls.add(dir.resolve("target/radbridge.jar").toUri().toURL());
        try (Stream<Path> libs = Files.list(dir.resolve("target/lib"))) {
            for (Path p : libs.sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        }
        previous = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        // DriverManager hands a caller only the drivers its class loader loaded: register the previous release's own
        Class.forName("org.postgresql.Driver", true, previous);
        Class.forName("org.sqlite.JDBC", true, previous);
    }

    @AfterAll
    static void close() throws Exception {
        previous.close();
    }

    @Test
    void sqliteDataDirectoryOfThePreviousReleaseIsTakenOver() throws Exception {
        Path data = Files.createTempDirectory("radbridge-takeover");
        try {
            takeOver(Db.embeddedUrl(data), data, Dialect.SQLITE);
        } finally {
            TestEngine.deleteTree(data);
        }
    }

    @Test
    void postgresSchemaOfThePreviousReleaseIsTakenOver(@PgUrl String url) throws Exception {
        Path data = Files.createTempDirectory("radbridge-takeover");
        try {
            takeOver(url, data, Dialect.POSTGRESQL);
        } finally {
            TestEngine.deleteTree(data);
        }
    }

    private void takeOver(String url, Path data, Dialect dialect) throws Exception {
        String cfgUrl = dialect == Dialect.SQLITE ? "" : url;
        openPrevious(cfgUrl, data);
        Map<String, Integer> legacy = legacy(url);
        assertEquals(3, legacy.get("core"), "the previous release's runner made core 1..3: " + legacy);
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("INSERT INTO destinations(name, paused) VALUES ('kept', 1)");
        }

        Migrations.run(url, null, null, dialect, NEXT);

        for (Map.Entry<String, Integer> e : legacy.entrySet()) {
            List<String> rows = history(url, e.getKey());
            assertEquals("BASELINE " + e.getValue(), rows.get(0), e.getKey() + ": " + rows);
            if (!e.getKey().equals("core") && !e.getKey().equals("shadow") && !e.getKey().equals("config")) {
                assertEquals(1, rows.size(), e.getKey() + " runs nothing again: " + rows);
            }
        }
        // newer files only: this release's core/4 and the test's next release 900, 901; config and shadow came with this release
        assertEquals(List.of("BASELINE 3", "SQL 4", "SQL 900", "SQL 901"), history(url, "core"));
        assertEquals(List.of("BASELINE 0", "SQL 1"), history(url, "config"));
        assertEquals(List.of("BASELINE 0", "SQL 1"), history(url, "shadow"));
        assertEquals(901, legacy(url).get("core"), "recorded for the previous release too");
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("1 a;b -- not a comment /* nor this */", "2 a;b -- not a comment /* nor this */;"),
                    Tx.query(c, "SELECT id, note FROM next_release_probe ORDER BY id", rs -> rs.getInt(1) + " " + rs.getString(2)));
            assertEquals(List.of(1), Tx.query(c, "SELECT paused FROM destinations WHERE name = 'kept'", rs -> rs.getInt(1)));
        }

        // this release without the next release's files (they are newer: ignored), then roll back to the previous one
        Db.open(new Db.Config(cfgUrl, null, null, data, "NORMAL", 2, 64)).close();
        openPrevious(cfgUrl, data);

        StoreException edited = assertThrows(StoreException.class, () -> Migrations.run(url, null, null, dialect,
                List.of("db/migration", "upgrade/next-migrations-edited")));
        assertTrue(edited.getMessage().toLowerCase().contains("checksum"), edited.getMessage());
    }

    @Test
    void instancesStartingAtOnceMigrateOnce(@PgUrl String fresh, @PgUrl String old) throws Exception {
        Path data = Files.createTempDirectory("radbridge-takeover");
        try {
            openPrevious(old, data);
            for (String url : List.of(fresh, old)) {
                int n = 4;
                ExecutorService pool = Executors.newFixedThreadPool(n);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    boolean previousToo = url.equals(old) && i == 0; // an old instance restarting meanwhile
                    starts.add(pool.submit(() -> {
                        go.await();
                        if (previousToo) {
                            openPrevious(url, data);
                        } else {
                            Db.open(new Db.Config(url, null, null, data, null, 2, 64)).close();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : starts) {
                    f.get(180, TimeUnit.SECONDS); // an instance that ran a migration already applied would fail here
                }
                pool.shutdown();
                for (String module : List.of("core", "audit", "worklist", "procedure", "deid", "availability", "shadow", "config")) {
                    List<String> rows = history(url, module);
                    assertEquals(rows.stream().distinct().toList(), rows, module + " migrated once");
                    // taken over at the previous release's version, or (fresh, or new in this release) baselined at 0
                    boolean takenOver = url.equals(old) && !module.equals("shadow") && !module.equals("config");
                    assertEquals(takenOver, !rows.get(0).equals("BASELINE 0"), module + ": " + rows);
                }
            }
            assertEquals(List.of("BASELINE 0", "SQL 1", "SQL 2", "SQL 3", "SQL 4"), history(fresh, "core"));
            assertEquals(List.of("BASELINE 3", "SQL 4"), history(old, "core"));
            for (String url : List.of(fresh, old)) {
                assertEquals(4, legacy(url).get("core"), "schema_version for the previous release");
            }
        } finally {
            TestEngine.deleteTree(data);
        }
    }

    /** The previous release's Db.open and close, on its own classes. */
    private static void openPrevious(String url, Path data) throws Exception {
        Class<?> db = previous.loadClass("org.radbridge.store.Db");
        Class<?> cfg = previous.loadClass("org.radbridge.store.Db$Config");
        Constructor<?> c = cfg.getConstructor(String.class, String.class, String.class, Path.class, String.class, int.class, int.class);
        Method open = db.getMethod("open", cfg);
        Object d = open.invoke(null, c.newInstance(url, null, null, data, "NORMAL", 2, 64));
        db.getMethod("close").invoke(d);
    }

    private static Map<String, Integer> legacy(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            Map<String, Integer> out = new TreeMap<>();
            Tx.query(c, "SELECT module, MAX(version) FROM schema_version GROUP BY module", rs -> out.put(rs.getString(1), rs.getInt(2)));
            return out;
        }
    }

    /** "TYPE version" of a module's Flyway history, in order. */
    private static List<String> history(String url, String module) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            return Tx.query(c, "SELECT type, version FROM " + Migrations.historyTable(module) + " ORDER BY installed_rank",
                    rs -> rs.getString(1) + " " + Integer.parseInt(rs.getString(2)));
        }
    }
}
