package org.radbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The known DICOM AEs (mappings/peers/dicom-aes.yaml, design.md §3): looked up by calling AE title. With
 * radbridge.peers.enforce=true an unknown calling AE is refused (A-ASSOCIATE-RJ permanent, calling AE not
 * recognized), otherwise it gets the {@code defaults}.
 */
public final class DicomPeers {

    public static final String FILE = "peers/dicom-aes.yaml";

    private final Map<String, DicomPeer> byAe;
    private final DicomPeer defaults;

    private DicomPeers(Map<String, DicomPeer> byAe, DicomPeer defaults) {
        this.byAe = Map.copyOf(byAe);
        this.defaults = defaults;
    }

    public static DicomPeers load(Mappings m) {
        JsonNode root = m.exists(FILE) ? m.yaml(FILE) : Mappings.yamlMapper().createObjectNode();
        JsonNode d = root.path("defaults");
        DicomPeer defaults = peer("", false, d, Mappings.yamlMapper().createObjectNode());
        Map<String, DicomPeer> by = new LinkedHashMap<>();
        for (JsonNode n : root.path("aes")) {
            String ae = n.path("ae-title").asText("").trim();
            if (ae.isEmpty() || ae.length() > 16 || ae.contains("\\")) {
                throw new MappingException(m.origin(FILE), "every AE needs an ae-title of 1 to 16 characters, got '" + ae + "'");
            }
            if (by.put(ae, peer(ae, true, n, d)) != null) {
                throw new MappingException(m.origin(FILE), "AE title " + ae + " is listed twice");
            }
        }
        return new DicomPeers(by, defaults);
    }

    private static DicomPeer peer(String ae, boolean known, JsonNode n, JsonNode d) {
        Set<String> services = new HashSet<>();
        JsonNode s = n.has("services") ? n.get("services") : d.get("services");
        if (s == null) {
            services.add("*");
        } else {
            s.forEach(x -> services.add(x.asText().trim().toLowerCase(java.util.Locale.ROOT)));
        }
        return new DicomPeer(ae, known, text(n, d, "host", "*"), Set.copyOf(services), text(n, d, "response-charset", ""),
                text(n, d, "default-station", ""), text(n, d, "tls-identity", ""));
    }

    private static String text(JsonNode n, JsonNode d, String key, String def) {
        if (n.has(key)) {
            return n.get(key).asText("").trim();
        }
        if (d.has(key)) {
            return d.get(key).asText("").trim();
        }
        return def;
    }

    /** The peer with this calling AE title, or the defaults (known() == false). */
    public DicomPeer match(String callingAe) {
        DicomPeer p = byAe.get(callingAe == null ? "" : callingAe.trim());
        return p != null ? p : defaults;
    }

    public Map<String, DicomPeer> all() {
        return byAe;
    }
}
