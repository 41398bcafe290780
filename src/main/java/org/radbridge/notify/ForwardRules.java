package org.radbridge.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The forwarding rules of mappings/to-hl7/forwarding.yaml (docs/site-adaptation.md, "Forwarding rules"): any
 * message type, matched on header and content fields (MSH-3/4/9, PV1-2, OBR-24 ...), is forwarded as received to
 * named HL7 destinations, e.g. ADT A01-A47 to the PACS/RIS (IHE RAD-1 Patient Registration, RAD-12 Patient
 * Update) or a copy of ORU^R01 to a second system. Every rule that matches adds its destinations (each at most
 * once per message). A value is matched case-insensitively; "*" in a value matches any run of characters.
 */
public final class ForwardRules {

    public static final String FILE = "to-hl7/forwarding.yaml";

    /** One rule: all of {@code when} hold and none of {@code unless}; then the destinations {@code to}. */
    public record Rule(String name, Map<String, List<Pattern>> when, Map<String, List<Pattern>> unless, List<String> to) {

        boolean matches(Hl7Message m) {
            for (Map.Entry<String, List<Pattern>> c : when.entrySet()) {
                if (!any(m.get(c.getKey()), c.getValue())) {
                    return false;
                }
            }
            for (Map.Entry<String, List<Pattern>> c : unless.entrySet()) {
                if (any(m.get(c.getKey()), c.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A destination and the rule that first chose it. */
    public record Target(String destination, String rule) {
    }

    private final List<Rule> rules;

    ForwardRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads the file (absent: no rules). Every destination must be an HL7 destination
     * (peers/hl7-destinations.yaml) or a de-identified target ({@code deidTargets}).
     */
    public static ForwardRules load(Mappings m, Hl7Destinations destinations, Set<String> deidTargets) {
        if (!m.exists(FILE)) {
            return new ForwardRules(List.of());
        }
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int n = 0;
        for (JsonNode r : root.path("rules")) {
            n++;
            String name = r.path("name").asText("rule " + n);
            if (!names.add(name)) {
                throw new MappingException(origin, "rule name " + name + " is used twice");
            }
            List<String> to = new ArrayList<>();
            (r.path("to").isArray() ? r.path("to") : Mappings.yamlMapper().createArrayNode().add(r.path("to").asText("")))
                    .forEach(t -> to.add(t.asText()));
            to.removeIf(String::isBlank);
            if (to.isEmpty()) {
                throw new MappingException(origin, name + ": \"to\" (destination names) is missing");
            }
            for (String t : to) {
                if (!destinations.has(t) && !deidTargets.contains(t)) {
                    throw new MappingException(origin, name + ": destination \"" + t + "\" is neither in " + Hl7Destinations.FILE
                            + " nor a target of deid/targets.yaml (known: " + destinations.all().stream().map(Hl7DestinationConfig::name).toList()
                            + (deidTargets.isEmpty() ? "" : ", " + deidTargets) + ")");
                }
            }
            Map<String, List<Pattern>> when = conditions(origin, name, r.path("when"));
            if (when.isEmpty()) {
                throw new MappingException(origin, name + ": \"when\" needs at least one condition (e.g. MSH-9.1: ADT)");
            }
            rules.add(new Rule(name, when, conditions(origin, name, r.path("unless")), List.copyOf(to)));
        }
        return new ForwardRules(rules);
    }

    private static Map<String, List<Pattern>> conditions(String origin, String rule, JsonNode n) {
        Map<String, List<Pattern>> out = new LinkedHashMap<>();
        if (!n.isMissingNode() && !n.isNull() && !n.isObject()) {
            throw new MappingException(origin, rule + ": conditions are a map of field path to values");
        }
        n.fields().forEachRemaining(e -> {
            try {
                Hl7Path.of(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new MappingException(origin, rule + ": " + ex.getMessage());
            }
            List<Pattern> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(glob(v.asText())));
            } else {
                values.add(glob(e.getValue().asText()));
            }
            out.put(e.getKey(), List.copyOf(values));
        });
        return out;
    }

    static Pattern glob(String value) {
        StringBuilder sb = new StringBuilder();
        String[] parts = value.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            if (!parts[i].isEmpty()) {
                sb.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    static boolean any(String value, List<Pattern> accepted) {
        for (Pattern p : accepted) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule takes the message. */
    public boolean matches(Hl7Message m) {
        for (Rule r : rules) {
            if (r.matches(m)) {
                return true;
            }
        }
        return false;
    }

    /** The destinations of every matching rule, in rule order, each once. */
    public List<Target> targets(Hl7Message m) {
        Map<String, Target> out = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.matches(m)) {
                for (String t : r.to()) {
                    out.putIfAbsent(t, new Target(t, r.name()));
                }
            }
        }
        return List.copyOf(out.values());
    }

    public List<Rule> rules() {
        return rules;
    }
}
