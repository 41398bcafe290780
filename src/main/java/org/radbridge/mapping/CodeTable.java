package org.radbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A code table from mappings/codes/: a YAML map of source code to target value, with an optional
 * {@code default} key for codes not listed. Lookups are exact first, then case-insensitive.
 */
public final class CodeTable {

    private final String name;
    private final Map<String, String> entries;
    private final String fallback;

    public CodeTable(String name, Map<String, String> entries, String fallback) {
        this.name = name;
        this.entries = Collections.unmodifiableMap(entries);
        this.fallback = fallback;
    }

    /** Reads {@code codes/<name>.yaml}; an {@code entries:} map or a flat map. */
    public static CodeTable load(Mappings m, String relative) {
        JsonNode n = m.yaml(relative);
        JsonNode table = n.has("entries") ? n.get("entries") : n;
        Map<String, String> e = new LinkedHashMap<>();
        String def = null;
        var it = table.fields();
        while (it.hasNext()) {
            var f = it.next();
            if (f.getKey().equals("default")) {
                def = f.getValue().isNull() ? null : f.getValue().asText();
            } else {
                e.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
        }
        if (n.has("default")) {
            def = n.get("default").isNull() ? null : n.get("default").asText();
        }
        return new CodeTable(relative, e, def);
    }

    public String name() {
        return name;
    }

    public boolean contains(String code) {
        return code != null && (entries.containsKey(code) || findIgnoreCase(code) != null);
    }

    /** The target for a code; the default when unlisted (null when there is none). */
    public String lookup(String code) {
        if (code == null) {
            return fallback;
        }
        if (entries.containsKey(code)) {
            return entries.get(code);
        }
        String k = findIgnoreCase(code);
        return k != null ? entries.get(k) : fallback;
    }

    private String findIgnoreCase(String code) {
        for (String k : entries.keySet()) {
            if (k.equalsIgnoreCase(code)) {
                return k;
            }
        }
        return null;
    }

    public Map<String, String> entries() {
        return entries;
    }
}
