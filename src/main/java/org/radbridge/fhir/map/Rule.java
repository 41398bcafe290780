package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.mapping.CodeTable;
import org.radbridge.mapping.MappingException;

/**
 * One element rule of a resource file under mappings/hl7-to-fhir/ (see its README.md): the FHIR element, where its
 * value comes from (HL7 paths, with an optional parameter per path), the conversion, a code table, a constant or a
 * reference to another resource of the Bundle, and the rule's other parameters (kind, type, system). Everything a
 * message needs is resolved when the file is read: the conversion by name, the {@code default}, whether the element
 * is a choice (issue 15: no per-message look-ups by name).
 */
public record Rule(String element, List<Hl7Path> from, List<String> fromParams, boolean all, String as,
        CodeTable table, JsonNode value, String ref, boolean list, JsonNode params, Conversion conversion,
        JsonNode fallback, boolean choice) {

    /** Reads one rule; {@code tables} resolves a table name to its code table. */
    static Rule read(String file, String element, JsonNode n, java.util.function.Function<String, CodeTable> tables) {
        List<Hl7Path> from = new ArrayList<>();
        List<String> fromParams = new ArrayList<>();
        JsonNode f = n.path("from");
        try {
            if (f.isTextual()) {
                from.add(Hl7Path.of(f.asText()));
                fromParams.add(null);
            } else if (f.isArray()) {
                f.forEach(p -> {
                    from.add(Hl7Path.of(p.asText()));
                    fromParams.add(null);
                });
            } else if (f.isObject()) {
                f.fields().forEachRemaining(e -> {
                    from.add(Hl7Path.of(e.getKey()));
                    fromParams.add(e.getValue().asText());
                });
            }
        } catch (IllegalArgumentException e) {
            throw new MappingException(file, element + ": " + e.getMessage());
        }
        String as = n.path("as").asText(null);
        JsonNode value = n.get("value");
        String ref = n.path("ref").asText(null);
        if (as == null && value == null && ref == null) {
            throw new MappingException(file, element + ": a rule needs `as`, `value` or `ref`");
        }
        if (as != null && !Conversions.exists(as)) {
            throw new MappingException(file, element + ": no conversion named " + as + " (docs/fhir.md lists them)");
        }
        CodeTable table = n.has("table") ? tables.apply(n.get("table").asText()) : null;
        JsonNode fallback = n.has("default") ? n.get("default") : null;
        return new Rule(element, List.copyOf(from), java.util.Collections.unmodifiableList(fromParams),
                n.path("all").asBoolean(false), as, table, value, ref, n.path("list").asBoolean(false), n,
                as == null ? null : Conversions.get(as), fallback, element.endsWith("[x]"));
    }

    /** A text parameter of the rule (kind, type, system), or null. */
    public String param(String name) {
        JsonNode p = params.get(name);
        return p == null || p.isNull() ? null : p.asText();
    }

    /** The concrete element name of a choice element ("value[x]" -> the conversion names it). */
    public boolean isChoice() {
        return choice;
    }
}
