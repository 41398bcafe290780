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

/**
 * Who may call the API (HIPAA 164.312(a)(2)(i) unique user identification): the bootstrap principal
 * {@code admin} (radbridge.admin.token, every role) and named principals from radbridge.api.tokens-file.
 * A named token is presented as {@code Authorization: Bearer <id>.<secret>}; the file keeps only
 * {@code sha256:<hex>} of the secret. Comparisons are constant-time.
 */
public final class Principals {

    private record Entry(String id, byte[] hash, Set<String> roles) {
    }

    /** The roles of design.md §3. */
    public static final Set<String> ROLES = Set.of(Principal.PHI_READ, Principal.REPLAY, Principal.WEBHOOK, Principal.ADMIN);

    private final byte[] adminToken;
    private final Map<String, Entry> tokens;

    private Principals(byte[] adminToken, Map<String, Entry> tokens) {
        this.adminToken = adminToken;
        this.tokens = tokens;
    }

    public static Principals load(String adminToken, Path tokensFile) {
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
        return new Principals(adminToken == null || adminToken.isEmpty() ? null
                : adminToken.getBytes(StandardCharsets.UTF_8), t);
    }

    /** The principal of an Authorization header, or null when absent or wrong. */
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
        Entry e = tokens.get(token.substring(0, dot));
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
        return tokens.containsKey(id) ? id : null;
    }

    public boolean anyConfigured() {
        return adminToken != null || !tokens.isEmpty();
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
