package org.radbridge.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.radbridge.settings.Settings;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.OutcomeTable.NakPolicy;

/**
 * The outbound HL7 destinations: {@code emr} (address radbridge.emr.mllp, empty = file outbox; TLS switched
 * by radbridge.emr.tls when set) and the named destinations of mappings/peers/hl7-destinations.yaml, each
 * with the file's {@code defaults} under its own keys. A bad entry stops start-up with the file and the key.
 */
public final class Hl7Destinations {

    public static final String FILE = "peers/hl7-destinations.yaml";
    public static final String EMR = "emr";

    private static final Set<String> ROLES = Set.of(Hl7DestinationConfig.ORDER_PLACER, Hl7DestinationConfig.IMAGE_MANAGER,
            Hl7DestinationConfig.REPORT_CONSUMER);
    private static final Set<String> CODE_ACTIONS = Set.of("delivered", "retry", "dead", "pause");

    private final Map<String, Hl7DestinationConfig> byName;

    private Hl7Destinations(Map<String, Hl7DestinationConfig> byName) {
        this.byName = byName;
    }

    public static Hl7Destinations load(Mappings m, Settings s) {
        JsonNode root = m.exists(FILE) ? m.yaml(FILE) : Mappings.yamlMapper().createObjectNode();
        String origin = m.origin(FILE);
        JsonNode defaults = root.path("defaults");
        Map<String, Hl7DestinationConfig> out = new LinkedHashMap<>();
        boolean emrListed = false;
        for (JsonNode n : root.path("destinations")) {
            String name = n.path("name").asText("");
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new MappingException(origin, "destination name must be lower-case letters, digits and '-': \"" + name + "\"");
            }
            if (out.containsKey(name)) {
                throw new MappingException(origin, "destination " + name + " is listed twice");
            }
            emrListed |= name.equals(EMR);
            out.put(name, parse(origin, name, n, defaults, s));
        }
        if (!emrListed) {
            out.put(EMR, parse(origin, EMR, Mappings.yamlMapper().createObjectNode(), defaults, s));
        }
        return new Hl7Destinations(out);
    }

    private static Hl7DestinationConfig parse(String origin, String name, JsonNode n, JsonNode d, Settings s) {
        String where = "destination " + name + ": ";
        String address;
        if (name.equals(EMR)) {
            if (n.has("address")) {
                throw new MappingException(origin, where + "the EMR's address is the property radbridge.emr.mllp, not \"address\"");
            }
            address = s.get("radbridge.emr.mllp");
        } else {
            address = text(n, d, "address", "");
        }
        String host = null;
        int port = 0;
        if (!address.isBlank()) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(address.substring(colon + 1)) > 65535) {
                throw new MappingException(origin, where + "address must be host:port, is \"" + address + "\"");
            }
            host = address.substring(0, colon).trim();
            port = Integer.parseInt(address.substring(colon + 1));
        }
        String role = text(n, d, "role", Hl7DestinationConfig.ORDER_PLACER).toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            throw new MappingException(origin, where + "role must be one of " + ROLES + ", is " + role);
        }
        Map<String, String> codes = new LinkedHashMap<>();
        for (JsonNode src : List.of(d.path("error-codes"), n.path("error-codes"))) {
            src.fields().forEachRemaining(e -> {
                String a = e.getValue().asText().toLowerCase(Locale.ROOT);
                if (!CODE_ACTIONS.contains(a)) {
                    throw new MappingException(origin, where + "error-codes." + e.getKey() + " must be one of " + CODE_ACTIONS);
                }
                codes.put(e.getKey(), a);
            });
        }
        JsonNode tlsNode = n.has("tls") ? n.get("tls") : d.path("tls");
        if (name.equals(EMR) && s.isSet("radbridge.emr.tls")) {
            tlsNode = Mappings.yamlMapper().getNodeFactory().booleanNode(s.getBoolean("radbridge.emr.tls"));
        }
        String charset = text(n, d, "charset", "");
        if (!charset.isEmpty() && org.radbridge.hl7.Hl7Charsets.forName(charset) == null) {
            throw new MappingException(origin, where + "unknown charset " + charset);
        }
        String version = text(n, d, "hl7-version", "2.5.1");
        if (!version.equals("2.5.1") && !version.equals("2.3.1")) {
            throw new MappingException(origin, where + "hl7-version must be 2.5.1 or 2.3.1, is " + version);
        }
        return new Hl7DestinationConfig(name, host, port, role, text(n, d, "application", ""), text(n, d, "facility", ""),
                tls(origin, where, tlsNode), integer(origin, where, n, d, "connect-timeout-ms", 5000),
                integer(origin, where, n, d, "ack-timeout-ms", 30000), integer(origin, where, n, d, "idle-timeout-ms", 60000),
                policy(origin, where, n, d, "on-ae", NakPolicy.DEAD), policy(origin, where, n, d, "on-ar", NakPolicy.RETRY),
                Map.copyOf(codes), n.has("workers") || d.has("workers") ? integer(origin, where, n, d, "workers", 1)
                        : s.getInt("radbridge.outbox.workers", 1, 64),
                n.has("dead-letter-blocks-key") || d.has("dead-letter-blocks-key")
                        ? (n.has("dead-letter-blocks-key") ? n : d).path("dead-letter-blocks-key").asBoolean(true)
                        : s.getBoolean("radbridge.outbox.dead-letter-blocks-key"),
                charset, version);
    }

    private static Hl7DestinationConfig.Tls tls(String origin, String where, JsonNode t) {
        if (t == null || t.isMissingNode() || t.isNull() || (t.isBoolean() && !t.asBoolean())
                || (t.isTextual() && t.asText().equalsIgnoreCase("false"))) {
            return null;
        }
        if (t.isBoolean() || t.isTextual() && t.asText().equalsIgnoreCase("true")) {
            return new Hl7DestinationConfig.Tls(true, null, null, null, null, null, true);
        }
        if (!t.isObject()) {
            throw new MappingException(origin, where + "tls must be true, false or a map");
        }
        List<String> protocols = new ArrayList<>();
        t.path("protocols").forEach(p -> protocols.add(p.asText()));
        if (!protocols.isEmpty()) {
            try {
                org.radbridge.tls.Bcp195.protocols(protocols);
            } catch (IllegalArgumentException e) {
                throw new MappingException(origin, where + "tls.protocols " + e.getMessage());
            }
        }
        return new Hl7DestinationConfig.Tls(false, blankToNull(t.path("keystore").asText("")),
                secret(origin, where, t, "keystore-password"), blankToNull(t.path("truststore").asText("")),
                secret(origin, where, t, "truststore-password"), protocols.isEmpty() ? null : List.copyOf(protocols),
                t.path("verify-hostname").asBoolean(true));
    }

    /** A password: from the environment variable named by {@code <key>-env}, or given as {@code <key>}. */
    private static String secret(String origin, String where, JsonNode t, String key) {
        String env = t.path(key + "-env").asText("");
        if (!env.isEmpty()) {
            String v = System.getenv(env);
            if (v == null) {
                throw new MappingException(origin, where + "tls." + key + "-env names " + env + ", which is not set");
            }
            return v;
        }
        return blankToNull(t.path(key).asText(""));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(JsonNode n, JsonNode d, String key, String def) {
        JsonNode v = n.has(key) ? n.get(key) : d.path(key);
        return v.isMissingNode() || v.isNull() ? def : v.asText(def).trim();
    }

    private static int integer(String origin, String where, JsonNode n, JsonNode d, String key, int def) {
        JsonNode v = n.has(key) ? n.get(key) : d.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return def;
        }
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new MappingException(origin, where + key + " must be a positive number, is " + v.asText());
        }
        return v.asInt();
    }

    private static NakPolicy policy(String origin, String where, JsonNode n, JsonNode d, String key, NakPolicy def) {
        String v = text(n, d, key, "");
        try {
            return NakPolicy.of(v, def);
        } catch (IllegalArgumentException e) {
            throw new MappingException(origin, where + key + " must be retry, dead or pause, is " + v);
        }
    }

    public Hl7DestinationConfig get(String name) {
        return byName.get(name);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public List<Hl7DestinationConfig> all() {
        return List.copyOf(byName.values());
    }

    /** Throws naming the file when a mapping refers to a destination that is not configured. */
    public void require(String mappingFile, String name) {
        if (!has(name)) {
            throw new MappingException(mappingFile, "destination \"" + name + "\" is not configured in " + FILE
                    + " (known: " + byName.keySet() + ")");
        }
    }
}
