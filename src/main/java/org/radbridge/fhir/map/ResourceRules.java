package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The element rules of one resource file (mappings/hl7-to-fhir/&lt;resource&gt;.yaml) and how they build a resource:
 * each rule in file order, constants as given, references from the context, conversions by name; an empty result
 * takes the rule's {@code default} when it has one (required elements), else is left out.
 */
public final class ResourceRules {

    private final String resourceType;
    private final List<Rule> rules;

    private ResourceRules(String resourceType, List<Rule> rules) {
        this.resourceType = resourceType;
        this.rules = rules;
    }

    public static ResourceRules load(Mappings m, String file, FhirTables tables) {
        JsonNode root = m.yaml(file);
        String type = root.path("resourceType").asText("");
        if (type.isEmpty() || !root.path("elements").isObject()) {
            throw new MappingException(m.origin(file), "needs resourceType and elements");
        }
        List<Rule> rules = new ArrayList<>();
        root.path("elements").fields().forEachRemaining(e -> rules.add(Rule.read(m.origin(file), e.getKey(), e.getValue(),
                name -> {
                    tables.check(name);
                    return tables.table(name);
                })));
        return new ResourceRules(type, List.copyOf(rules));
    }

    public String resourceType() {
        return resourceType;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The resource for the scope. */
    public ObjectNode build(Scope scope, MapContext ctx) {
        ObjectNode r = FhirJson.object();
        r.put("resourceType", resourceType);
        for (Rule rule : rules) {
            JsonNode v;
            if (rule.value() != null) {
                v = rule.value().deepCopy();
            } else if (rule.ref() != null) {
                v = ctx.ref(rule.ref());
            } else {
                v = rule.conversion().convert(rule, scope, ctx);
            }
            if (v != null && rule.list() && !v.isArray() && !v.isNull()) {
                ArrayNode a = FhirJson.array();
                a.add(v);
                v = a;
            }
            if (rule.fallback() != null && FhirJson.isEmpty(v)) {
                v = rule.fallback().deepCopy();
            }
            if (FhirJson.isEmpty(v)) {
                continue;
            }
            if (rule.choice()) {
                if (v.isObject()) {
                    r.setAll((ObjectNode) v);
                }
            } else {
                r.set(rule.element(), v);
            }
        }
        return r;
    }
}
