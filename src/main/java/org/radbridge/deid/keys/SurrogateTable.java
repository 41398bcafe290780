package org.radbridge.deid.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;

/**
 * The protected mapping table of Safe Harbor (45 CFR 164.514(c)): every replacement is a random code
 * ({@link SecureRandom}), not derived from the identifier, kept in table {@code deid_surrogates} of the
 * engine database so the same identifier gets the same code across messages, restarts and the
 * {@code radbridge deid} command. The table never holds the identifier itself: its lookup column is an
 * HMAC-SHA-256 digest under a table secret kept outside the database (radbridge.deid.surrogate-key, or
 * a generated file under the data directory). Re-identification is possible only for someone who holds
 * the secret and a candidate identifier. Concurrent allocation (several instances on PostgreSQL) is
 * settled by the table's unique keys: the first insert wins and everyone reads it back.
 */
public final class SurrogateTable implements Identities {

    private static final int CACHE_SIZE = 100_000;

    /** Where the table is: the engine database, and the table secret. */
    public record Store(Db db, byte[] secret) {
    }

    /**
     * The table secret: radbridge.deid.surrogate-key when set (needed when several instances share one
     * PostgreSQL), else {@code <data-dir>/deid-surrogate.key}, generated on first use (owner-only).
     */
    public static byte[] secret(String configured, java.nio.file.Path dataDir) throws java.io.IOException {
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        java.nio.file.Path f = dataDir.resolve("deid-surrogate.key");
        if (!java.nio.file.Files.exists(f)) {
            java.nio.file.Files.createDirectories(dataDir);
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            java.nio.file.Path tmp = dataDir.resolve(".deid-surrogate.key.tmp");
            java.nio.file.Files.writeString(tmp, HexFormat.of().formatHex(k));
            try {
                java.nio.file.Files.setPosixFilePermissions(tmp,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            try {
                java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        }
        return java.nio.file.Files.readString(f).trim().getBytes(StandardCharsets.UTF_8);
    }

    private final Db db;
    private final SecretKeySpec secret;
    private final int shiftRange;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> mac;
    private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > CACHE_SIZE;
        }
    };

    public SurrogateTable(Db db, byte[] secret, int shiftRangeDays) {
        this.db = db;
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.shiftRange = Math.max(1, shiftRangeDays);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(this.secret);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public String code(String domain, String value) {
        return lookup("code:" + domain, value, () -> {
            byte[] b = new byte[8];
            random.nextBytes(b);
            return Codes.format(domain, b);
        });
    }

    @Override
    public String uid(String uid) {
        return lookup("uid", uid, () -> Codes.uid(randomBytes(16)));
    }

    @Override
    public String uuid(String value) {
        return lookup("uuid", value, () -> Codes.uuid(randomBytes(16)));
    }

    @Override
    public int dateShiftDays(String patientKey) {
        return Integer.parseInt(lookup("date-shift:" + shiftRange, patientKey,
                () -> String.valueOf(Codes.shift(randomBytes(8), shiftRange))));
    }

    @Override
    public String keyId() {
        return "surrogate-table";
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    String digest(String domain, String value) {
        Mac m = mac.get();
        m.update(domain.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0x1F);
        return HexFormat.of().formatHex(m.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private String lookup(String domain, String value, Supplier<String> generator) {
        String digest = digest(domain, value);
        String cacheKey = domain + '\u001F' + digest;
        synchronized (cache) {
            String c = cache.get(cacheKey);
            if (c != null) {
                return c;
            }
        }
        String found = db.read(c -> first(Tx.query(c, "SELECT surrogate FROM deid_surrogates WHERE domain=? AND digest=?",
                rs -> rs.getString(1), domain, digest)));
        for (int attempt = 0; found == null && attempt < 8; attempt++) {
            String candidate = generator.get();
            found = db.writeAndWait(tx -> {
                tx.update("INSERT INTO deid_surrogates (domain, digest, surrogate, created_at) VALUES (?,?,?,?) "
                        + "ON CONFLICT DO NOTHING", domain, digest, candidate, System.currentTimeMillis());
                return tx.queryOne("SELECT surrogate FROM deid_surrogates WHERE domain=? AND digest=?",
                        rs -> rs.getString(1), domain, digest);
            });
        }
        if (found == null) {
            throw new IllegalStateException("no free surrogate code in domain " + domain + " after 8 attempts");
        }
        synchronized (cache) {
            cache.put(cacheKey, found);
        }
        return found;
    }

    private static String first(java.util.List<String> l) {
        return l.isEmpty() ? null : l.get(0);
    }

    /** Rows in the table (for tests and metrics). */
    public long size() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM deid_surrogates", rs -> rs.getLong(1)).get(0));
    }
}
