package org.radbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement about the audit chain (design.md §6): at time {@code at}, instance {@code instance}
 * saw the chain's head at {@code seq} with {@code hash}, {@code count} records present from {@code first}.
 * {@code kind} is {@code checkpoint} (kept in the checkpoint log), {@code head} (the latest head, replaced
 * every second) or {@code purge} (records up to {@code seq} were purged at this checkpoint). The signature
 * is HMAC-SHA-256 over all fields with the checkpoint key derived from the audit key.
 */
public record Checkpoint(String kind, long seq, String hash, long count, long first, long at, String instance, String mac) {

    public static final String CHECKPOINT = "checkpoint";
    public static final String HEAD = "head";
    public static final String PURGE = "purge";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new checkpoint signed with the audit key. */
    public static Checkpoint signed(byte[] auditKey, String kind, long seq, String hash, long count, long first, long at,
            String instance) {
        Checkpoint c = new Checkpoint(kind, seq, hash, count, first, at, instance, null);
        return new Checkpoint(kind, seq, hash, count, first, at, instance, c.computeMac(auditKey));
    }

    String canonical() {
        return "radbridge-audit-checkpoint-v1|" + kind + "|" + seq + "|" + hash + "|" + count + "|" + first + "|" + at + "|"
                + (instance == null ? "" : instance);
    }

    String computeMac(byte[] auditKey) {
        return HexFormat.of().formatHex(AuditKey.mac(AuditKey.checkpointKey(auditKey))
                .doFinal(canonical().getBytes(StandardCharsets.UTF_8)));
    }

    /** True when the signature matches (constant-time comparison). */
    public boolean verify(byte[] auditKey) {
        return mac != null && java.security.MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII),
                computeMac(auditKey).getBytes(StandardCharsets.US_ASCII));
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("seq", seq);
        m.put("hash", hash);
        m.put("count", count);
        m.put("first", first);
        m.put("at", at);
        m.put("time", Instant.ofEpochMilli(at).toString());
        m.put("instance", instance);
        m.put("mac", mac);
        try {
            return JSON.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one line of a checkpoint file; throws IllegalArgumentException when it is not one. */
    public static Checkpoint parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (!n.isObject() || !n.hasNonNull("kind") || !n.hasNonNull("seq") || !n.hasNonNull("mac")) {
                throw new IllegalArgumentException("not a checkpoint");
            }
            return new Checkpoint(n.get("kind").asText(), n.get("seq").asLong(), n.path("hash").asText(), n.path("count").asLong(),
                    n.path("first").asLong(), n.path("at").asLong(), n.path("instance").asText(null), n.get("mac").asText());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    public String time() {
        return Instant.ofEpochMilli(at).toString();
    }
}
