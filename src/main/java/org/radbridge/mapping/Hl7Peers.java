package org.radbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known HL7 senders (mappings/peers/hl7-senders.yaml). A sender is matched on the namespace id
 * (first component) of MSH-3 and MSH-4; "*" matches anything. Unknown senders get the {@code defaults}
 * (and are refused with AR when radbridge.peers.enforce=true).
 */
public final class Hl7Peers {

    public static final String FILE = "peers/hl7-senders.yaml";

    private final List<Hl7Peer> peers;
    private final Hl7Peer defaults;

    private Hl7Peers(List<Hl7Peer> peers, Hl7Peer defaults) {
        this.peers = peers;
        this.defaults = defaults;
    }

    public static Hl7Peers load(Mappings m) {
        JsonNode root = m.exists(FILE) ? m.yaml(FILE) : Mappings.yamlMapper().createObjectNode();
        JsonNode defNode = root.path("defaults");
        Hl7Peer defaults = peer("(unknown sender)", false, defNode, null);
        List<Hl7Peer> list = new ArrayList<>();
        for (JsonNode s : root.path("senders")) {
            String name = s.path("name").asText("");
            if (name.isEmpty()) {
                throw new MappingException(m.origin(FILE), "every sender needs a name");
            }
            list.add(peer(name, true, s, defNode));
        }
        return new Hl7Peers(List.copyOf(list), defaults);
    }

    private static Hl7Peer peer(String name, boolean known, JsonNode n, JsonNode def) {
        JsonNode d = def == null ? Mappings.yamlMapper().createObjectNode() : def;
        Map<String, String> ack = new LinkedHashMap<>();
        d.path("ack-mode").fields().forEachRemaining(e -> ack.put(e.getKey(), e.getValue().asText()));
        n.path("ack-mode").fields().forEachRemaining(e -> ack.put(e.getKey(), e.getValue().asText()));
        for (String mode : ack.values()) {
            if (!mode.equals(Hl7Peer.AFTER_COMMIT) && !mode.equals(Hl7Peer.AFTER_STORE)) {
                throw new MappingException(FILE, "sender " + name + ": ack-mode must be after-commit or after-store, is " + mode);
            }
        }
        String charset = text(n, d, "charset", "");
        if (org.radbridge.hl7.Hl7Charsets.isUnsupported(charset)) {
            throw new MappingException(FILE, "sender " + name + ": charset " + charset + " is not supported (one of "
                    + org.radbridge.hl7.Hl7Charsets.supportedNames() + ", UTF-8, WINDOWS-1252)");
        }
        ObjectNode options = Mappings.yamlMapper().createObjectNode();
        if (d.path("options").isObject()) {
            options.setAll((ObjectNode) d.path("options").deepCopy());
        }
        if (n.path("options").isObject()) {
            merge(options, (ObjectNode) n.path("options"));
        }
        return new Hl7Peer(name, known,
                text(n, d, "application", "*"), text(n, d, "facility", "*"),
                text(n, d, "role", "emr"), ack, charset,
                list(n, d, "allowed-types", List.of("*")), list(n, d, "processing-ids", List.of("P", "T", "D")),
                text(n, d, "duplicate-control-id", "process"), list(n, d, "addresses", List.of()),
                text(n, d, "tls-identity", ""), text(n, d, "receiving-application", ""),
                text(n, d, "receiving-facility", ""), options);
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode cur = into.get(e.getKey());
            if (cur instanceof ObjectNode co && e.getValue() instanceof ObjectNode fo) {
                merge(co, fo);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static String text(JsonNode n, JsonNode d, String key, String def) {
        if (n.has(key)) {
            return n.get(key).asText();
        }
        if (d.has(key)) {
            return d.get(key).asText();
        }
        return def;
    }

    private static List<String> list(JsonNode n, JsonNode d, String key, List<String> def) {
        JsonNode x = n.has(key) ? n.get(key) : d.get(key);
        if (x == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        if (x.isArray()) {
            x.forEach(e -> out.add(e.asText()));
        } else {
            for (String s : x.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The sender matching MSH-3 / MSH-4 namespace ids, or the defaults (known() == false). */
    public Hl7Peer match(String msh3, String msh4) {
        String app = first(msh3);
        String fac = first(msh4);
        for (Hl7Peer p : peers) {
            if (matches(p.application(), app) && matches(p.facility(), fac)) {
                return p;
            }
        }
        return defaults;
    }

    public List<Hl7Peer> all() {
        return peers;
    }

    public Hl7Peer defaults() {
        return defaults;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equalsIgnoreCase(value);
    }

    private static String first(String hd) {
        if (hd == null) {
            return "";
        }
        int i = hd.indexOf('^');
        return (i >= 0 ? hd.substring(0, i) : hd).trim();
    }
}
