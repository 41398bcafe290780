package org.radbridge.deid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.radbridge.deid.keys.KeyedIdentities;
import org.radbridge.deid.keys.SurrogateTable;
import org.radbridge.mapping.Mappings;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.store.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The radbridge.deid.* properties, shared by the engine and `radbridge deid` so both use the same table
 * and key: radbridge.deid.key (the HMAC key of keyed profiles, at least 32 bytes, from the environment
 * in production), radbridge.deid.surrogate-key (the surrogate table's secret; default a generated file
 * under radbridge.data-dir).
 */
public final class DeidSettings {

    private static final Logger LOG = LoggerFactory.getLogger(DeidSettings.class);
    public static final String KEY = "radbridge.deid.key";
    public static final String SURROGATE_KEY = "radbridge.deid.surrogate-key";

    private DeidSettings() {
    }

    /** radbridge.deid.key, checked; null when not set. */
    public static byte[] key(Settings s) {
        if (!s.isSet(KEY)) {
            return null;
        }
        byte[] k = s.get(KEY).getBytes(StandardCharsets.UTF_8);
        if (k.length < KeyedIdentities.MIN_KEY_BYTES) {
            throw new ConfigException(KEY, "must have at least " + KeyedIdentities.MIN_KEY_BYTES + " bytes (256 bits), has " + k.length);
        }
        if (System.getenv(Settings.envName(KEY)) == null) {
            LOG.warn("{} is not set in the environment ({}): keep the de-identification key out of files in production",
                    KEY, Settings.envName(KEY));
        }
        return k;
    }

    /** The engine for these settings; the surrogate table (database and secret) is opened on first use. */
    public static Deidentifier deidentifier(Settings s, Mappings mappings, Db db, java.time.Clock clock) {
        Path dataDir = s.dataDir();
        String configured = s.get(SURROGATE_KEY);
        Supplier<SurrogateTable.Store> table = () -> {
            try {
                return new SurrogateTable.Store(db, SurrogateTable.secret(configured, dataDir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the surrogate table secret under " + dataDir, e);
            }
        };
        return new Deidentifier(new Profiles(mappings), table, key(s), clock);
    }
}
