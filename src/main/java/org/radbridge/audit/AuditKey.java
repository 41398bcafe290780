package org.radbridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit key (radbridge.audit.key): the HMAC key of the record chain, kept outside the database. When
 * it is not configured, a generated key in {@code <data-dir>/audit.key} is used (created on first start,
 * owner-only permissions) — acceptable for the embedded default, not for production. Checkpoints are
 * signed with a key derived from it (domain separation: HMAC-SHA-256(key, {@value #CHECKPOINT_LABEL})).
 */
public final class AuditKey {

    static final String CHECKPOINT_LABEL = "radbridge audit checkpoint key v1";
    public static final String GENERATED_FILE = "audit.key";

    private AuditKey() {
    }

    /** The configured key, or the generated one under the data directory ({@code create}: make it if missing). */
    public static byte[] resolve(String configured, Path dataDir, boolean create) throws IOException {
        if (configured != null && !configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        Path f = generatedFile(dataDir);
        if (!Files.exists(f)) {
            if (!create) {
                throw new IOException("radbridge.audit.key is not set and " + f + " does not exist");
            }
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.writeString(f, HexFormat.of().formatHex(k));
            try {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        return Files.readString(f).trim().getBytes(StandardCharsets.UTF_8);
    }

    public static Path generatedFile(Path dataDir) {
        return dataDir.resolve(GENERATED_FILE);
    }

    /** HMAC-SHA-256 with {@code key}. */
    static Mac mac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] checkpointKey(byte[] auditKey) {
        return mac(auditKey).doFinal(CHECKPOINT_LABEL.getBytes(StandardCharsets.UTF_8));
    }
}
