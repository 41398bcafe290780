package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * Profile files that share their rules (docs/deidentification.md, "Shared rules"): {@code extends: FILE} names a
 * rules file of mappings/deid/ (site overlay first) whose sections are the base; the profile's own keys override
 * it key by key (maps are merged, anything else is replaced, {@code ~} takes a key out); then every value written
 * {@code $name} or {@code $name:argument} becomes the action the profile's {@code placeholders:} give {@code $name}
 * (with the argument appended). A placeholder the profile does not set is an error naming it; so is an
 * {@code extends} in the shared file (one level only).
 */
final class ProfileYaml {

    static final String EXTENDS = "extends";
    static final String PLACEHOLDERS = "placeholders";

    private ProfileYaml() {
    }

    /** The profile's tree with what it extends merged in and its placeholders set; the file itself when it extends nothing. */
    static JsonNode compose(Mappings mappings, String file) {
        JsonNode own = mappings.yaml(file);
        if (!own.isObject() || !own.has(EXTENDS)) {
            return own;
        }
        String baseFile = Profiles.DIR + own.get(EXTENDS).asText();
        if (!mappings.exists(baseFile)) {
            throw new MappingException(mappings.origin(file), EXTENDS + ": no such file " + baseFile);
        }
        JsonNode base = mappings.yaml(baseFile);
        if (!base.isObject()) {
            throw new MappingException(mappings.origin(baseFile), "shared rules must be a map");
        }
        if (base.has(EXTENDS)) {
            throw new MappingException(mappings.origin(baseFile), "a shared rules file cannot extend another (one level only)");
        }
        ObjectNode profile = own.deepCopy();
        profile.remove(EXTENDS);
        JsonNode placeholders = profile.remove(PLACEHOLDERS);
        ObjectNode merged = base.deepCopy();
        merge(merged, profile);
        List<String> unset = new ArrayList<>();
        JsonNode result = substitute(merged, placeholders == null ? Mappings.yamlMapper().createObjectNode() : placeholders, unset);
        if (!unset.isEmpty()) {
            throw new MappingException(mappings.origin(file), "placeholders: no value for " + String.join(", ", new TreeSet<>(unset))
                    + " (used by " + baseFile + ")");
        }
        return result;
    }

    /** Merges over into into: maps key by key, a null value removes the key, anything else replaces. */
    static void merge(ObjectNode into, JsonNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = into.get(e.getKey());
            if (e.getValue().isNull()) {
                into.remove(e.getKey());
            } else if (mine != null && mine.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) mine, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static JsonNode substitute(JsonNode n, JsonNode placeholders, List<String> unset) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                o.set(k, substitute(o.get(k), placeholders, unset));
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, substitute(a.get(i), placeholders, unset));
            }
            return a;
        }
        if (n.isTextual() && n.asText().startsWith("$")) {
            String v = n.asText();
            int colon = v.indexOf(':');
            String name = colon < 0 ? v : v.substring(0, colon);
            JsonNode value = placeholders.get(name);
            if (value == null || !value.isTextual()) {
                unset.add(name);
                return n;
            }
            return TextNode.valueOf(value.asText() + (colon < 0 ? "" : v.substring(colon)));
        }
        return n;
    }
}
