package org.radbridge.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.radbridge.deid.keys.SurrogateTable;
import org.radbridge.mapping.Mappings;
import org.radbridge.store.Db;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * The real de-identification engine for tests: the project's mappings/deid/ profiles, a real SQLite
 * database (the engine's migrations) in a temporary data directory for the surrogate table, a fixed key
 * for the keyed profile and a fixed clock (ages are computed on 2026-12-01). Close it to delete the data.
 */
public final class DeidTesting implements AutoCloseable {

    public static final String KEY = "test-deid-key-0123456789abcdef-0123456789abcdef";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    private final Path dataDir;
    private final boolean ownDir;
    private final Db db;
    private final Deidentifier deidentifier;

    private DeidTesting(Path dataDir, boolean ownDir, String key) throws IOException {
        this.dataDir = dataDir;
        this.ownDir = ownDir;
        this.db = Db.open(new Db.Config(null, null, null, dataDir, "NORMAL", 2, 64));
        byte[] secret = SurrogateTable.secret(null, dataDir);
        this.deidentifier = new Deidentifier(new Profiles(mappings()), () -> new SurrogateTable.Store(db, secret),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), CLOCK);
    }

    public static DeidTesting start() throws IOException {
        return new DeidTesting(Files.createTempDirectory("radbridge-deid"), true, KEY);
    }

    /** On an existing data directory (a "restart"), with a given key (null = none). */
    public static DeidTesting on(Path dataDir, String key) throws IOException {
        return new DeidTesting(dataDir, false, key);
    }

    public static Mappings mappings() {
        return new Mappings(ProjectPaths.project().resolve("mappings"), null);
    }

    public Deidentifier deidentifier() {
        return deidentifier;
    }

    public Db db() {
        return db;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Deidentifier.Result run(String profile, byte[] payload) {
        return deidentifier.deidentify(profile, java.util.List.of(), payload, null);
    }

    /** HL7 text in, HL7 text out (segments separated by CR). */
    public String hl7(String profile, String message) {
        return new String(run(profile, message.getBytes(StandardCharsets.UTF_8)).payload(), StandardCharsets.UTF_8);
    }

    public String fhir(String profile, String json) {
        return new String(run(profile, json.getBytes(StandardCharsets.UTF_8)).payload(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        db.close();
        if (ownDir) {
            TestEngine.deleteTree(dataDir);
        }
    }
}
