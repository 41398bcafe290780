package org.radbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.radbridge.engine.http.Authenticator;
import org.radbridge.engine.http.Principal;

/**
 * Who may call the API (HIPAA 164.312(a)(2)(i) unique user identification): the bootstrap principal
 * {@code admin} (radbridge.admin.token, every role) and named principals from radbridge.api.tokens-file.
 * A named token is presented as {@code Authorization: Bearer <id>.<secret>}; the file keeps only
 * {@code sha256:<hex>} of the secret. Comparisons are constant-time.
 */
public final class Principals implements Authenticator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Principals.class);

    private record Entry(String id, byte[] hash, Set<String> roles) {
    }

    /** The roles of design.md §3. */
    public static final Set<String> ROLES = Principal.ROLES;

    private final byte[] adminToken;
    private final Path tokensFile;
    private volatile Map<String, Entry> tokens;
    private volatile String stamp;
    private volatile long checkedAt;

    private Principals(byte[] adminToken, Path tokensFile, Map<String, Entry> tokens) {
        this.adminToken = adminToken;
        this.tokensFile = tokensFile;
        this.tokens = tokens;
        this.stamp = stamp(tokensFile);
        this.checkedAt = System.currentTimeMillis();
    }

    public static Principals load(String adminToken, Path tokensFile) {
        return new Principals(adminToken == null || adminToken.isEmpty() ? null : adminToken.getBytes(StandardCharsets.UTF_8),
                tokensFile, read(tokensFile));
    }

    /**
     * The tokens file is read again when it changes (looked at no more than once a second), so a token is
     * added or revoked without a restart; a file that cannot be read keeps the previous tokens (logged).
     */
    private Map<String, Entry> tokens() {
        long now = System.currentTimeMillis();
        if (tokensFile != null && now - checkedAt >= 1000) {
            synchronized (this) {
                if (now - checkedAt >= 1000) {
                    checkedAt = now;
                    String s = stamp(tokensFile);
                    if (!s.equals(stamp)) {
                        try {
                            tokens = read(tokensFile);
                            stamp = s;
                            LOG.info("Reloaded radbridge.api.tokens-file {}: {} named principals", tokensFile, tokens.size());
                        } catch (RuntimeException e) {
                            LOG.error("radbridge.api.tokens-file changed but cannot be used, keeping the previous tokens: {}", e.getMessage());
                        }
                    }
                }
            }
        }
        return tokens;
    }

    private static String stamp(Path f) {
        try {
            return f == null ? "" : Files.getLastModifiedTime(f).toMillis() + "/" + Files.size(f);
        } catch (java.io.IOException e) {
            return "missing";
        }
    }

    private static Map<String, Entry> read(Path tokensFile) {
        Map<String, Entry> t = new HashMap<>();
        if (tokensFile != null) {
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(tokensFile));
                for (JsonNode n : root.path("tokens")) {
                    String id = n.path("id").asText();
                    String hash = n.path("hash").asText();
                    if (id.isEmpty() || !hash.startsWith("sha256:")) {
                        throw new IllegalArgumentException("each token needs an id and a hash sha256:<hex>");
                    }
                    Set<String> roles = new HashSet<>();
                    n.path("roles").forEach(r -> roles.add(r.asText()));
                    for (String r : roles) {
                        if (!ROLES.contains(r)) {
                            throw new IllegalArgumentException("token " + id + ": unknown role " + r + " (roles: " + ROLES + ")");
                        }
                    }
                    if (id.contains(".") || id.equals("admin")) {
                        throw new IllegalArgumentException("token id " + id + " may not contain '.' nor be 'admin'");
                    }
                    if (t.containsKey(id)) {
                        throw new IllegalArgumentException("token id " + id + " appears twice");
                    }
                    t.put(id, new Entry(id, HexFormat.of().parseHex(hash.substring(7)), roles));
                }
            } catch (Exception e) {
                throw new IllegalStateException("radbridge.api.tokens-file " + tokensFile + ": " + e.getMessage(), e);
            }
        }
        return Map.copyOf(t);
    }

    /** The principal of an Authorization header, or null when absent or wrong. */
    @Override
    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        if (adminToken != null && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return new Principal("admin", Set.of(Principal.ADMIN));
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        Entry e = tokens().get(token.substring(0, dot));
        if (e == null) {
            return null;
        }
        byte[] h = sha256(token.substring(dot + 1));
        return MessageDigest.isEqual(e.hash(), h) ? new Principal(e.id(), Set.copyOf(e.roles())) : null;
    }

    /**
     * The token id of a presented named token ({@code Bearer <id>.<secret>}) when it is a configured id,
     * for the audit record of a refusal (an id is not secret); anything else gives null, so no part of a
     * mistyped secret is ever recorded.
     */
    @Override
    public String presentedId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 64) {
            return null;
        }
        String id = token.substring(0, dot);
        return tokens().containsKey(id) ? id : null;
    }

    @Override
    public boolean anyConfigured() {
        return adminToken != null || !tokens().isEmpty();
    }

    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new random secret (for `radbridge token create`). */
    public static String newSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
