package org.radbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, per area ("module") and per dialect:
 * {@code db/migration/<module>/<dialect>/V001.sql, V002.sql, ...} on the classpath. Each file runs once,
 * in its own transaction, recorded in {@code schema_version(module, version)}. On PostgreSQL an
 * advisory lock serializes concurrent start-ups of several instances.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Areas with their own schema, migrated in this order. Add a module here and its folder. */
    public static final List<String> MODULES = List.of("core", "audit", "worklist", "fhir", "notify",
            "procedure", "deid", "availability", "shadow", "config");

    private Migrations() {
    }

    static void run(Db db) {
        db.writeAndWait(tx -> {
            Connection c = tx.connection();
            if (db.dialect() == Dialect.POSTGRESQL) {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(7261001)");
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS schema_version (module VARCHAR(64) NOT NULL, "
                        + "version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))");
            }
            Set<String> applied = new HashSet<>(tx.query("SELECT module, version FROM schema_version",
                    rs -> rs.getString(1) + "/" + rs.getInt(2)));
            for (String module : MODULES) {
                for (int v = 1; ; v++) {
                    String path = String.format("db/migration/%s/%s/V%03d.sql", module, db.dialect().folder, v);
                    String sql = resource(path);
                    if (sql == null) {
                        break;
                    }
                    if (applied.contains(module + "/" + v)) {
                        continue;
                    }
                    try (Statement st = c.createStatement()) {
                        for (String stmt : statements(sql)) {
                            st.execute(stmt);
                        }
                    } catch (SQLException e) {
                        throw new StoreException("migration " + path + " failed: " + e.getMessage(), e);
                    }
                    tx.update("INSERT INTO schema_version(module, version, applied_at) VALUES (?,?,?)",
                            module, v, System.currentTimeMillis());
                    LOG.info("Applied migration {}", path);
                }
            }
            return null;
        });
    }

    private static String resource(String path) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + path, e);
        }
    }

    /** Splits a script at semicolons that end a line; "--" comment lines are dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
