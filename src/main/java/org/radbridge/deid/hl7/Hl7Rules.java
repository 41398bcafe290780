package org.radbridge.deid.hl7;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.deid.Action;
import org.radbridge.deid.Rule;

/**
 * The HL7 v2 part of a profile, compiled: per segment id, the rule of each field, repetition, component
 * and subcomponent. Deny by default: a segment the profile does not name is dropped ({@code Z*} names
 * every Z-segment not named itself), and a field, component or subcomponent of a named segment without a
 * rule is emptied unless the segment has a {@code "*"} rule. The most specific rule wins; structural
 * rules (keep, remove, empty, clean-text) also cover the parts below them, value rules (surrogate,
 * pseudonym, dates, zip3...) apply to the first component and empty the rest.
 */
public final class Hl7Rules {

    /** Rules of one field (for all repetitions, or one). */
    static final class FieldRules {
        Rule whole;
        final Map<Integer, Rule> components = new HashMap<>();
        final Map<Integer, Map<Integer, Rule>> subcomponents = new HashMap<>();
        private Rule[] componentArray = new Rule[0];
        private Rule[][] subArray = new Rule[0][];

        boolean structured() {
            return !components.isEmpty() || !subcomponents.isEmpty();
        }

        /** The rule of a component, or null (arrays built once, the maps are for loading). */
        Rule component(int c) {
            return c < componentArray.length ? componentArray[c] : null;
        }

        /** The subcomponent rules of a component, or null. */
        Rule[] subcomponents(int c) {
            return c < subArray.length ? subArray[c] : null;
        }

        void freeze() {
            int max = 0;
            for (int c : components.keySet()) {
                max = Math.max(max, c);
            }
            for (int c : subcomponents.keySet()) {
                max = Math.max(max, c);
            }
            componentArray = new Rule[max + 1];
            subArray = new Rule[max + 1][];
            components.forEach((c, r) -> componentArray[c] = r);
            subcomponents.forEach((c, m) -> {
                int ms = 0;
                for (int k : m.keySet()) {
                    ms = Math.max(ms, k);
                }
                Rule[] a = new Rule[ms + 1];
                m.forEach((k, r) -> a[k] = r);
                subArray[c] = a;
            });
        }
    }

    /** Rules of one segment id. */
    static final class SegmentRules {
        final String id;
        Rule fallback;
        final Map<Integer, FieldRules> fields = new HashMap<>();
        final Map<Long, FieldRules> repetitions = new HashMap<>();
        boolean removesValues;

        SegmentRules(String id) {
            this.id = id;
        }

        private FieldRules[] fieldArray = new FieldRules[0];

        FieldRules field(int field, int rep) {
            if (!repetitions.isEmpty()) {
                FieldRules r = repetitions.get(((long) field << 32) | rep);
                if (r != null) {
                    return r;
                }
            }
            return field < fieldArray.length ? fieldArray[field] : null;
        }

        void freeze() {
            fieldArray = new FieldRules[maxField() + 1];
            fields.forEach((f, r) -> fieldArray[f] = r);
            fields.values().forEach(FieldRules::freeze);
            repetitions.values().forEach(FieldRules::freeze);
        }

        int maxField() {
            int m = 0;
            for (int f : fields.keySet()) {
                m = Math.max(m, f);
            }
            for (long k : repetitions.keySet()) {
                m = Math.max(m, (int) (k >>> 32));
            }
            return m;
        }
    }

    private final Map<String, SegmentRules> segments = new HashMap<>();
    private SegmentRules zSegments;
    private final List<Hl7Selector> names = new ArrayList<>();
    private final List<Hl7Selector> identifiers = new ArrayList<>();

    /** Reads the {@code hl7:} node of a profile; errors name the offending entry. */
    public static Hl7Rules compile(JsonNode hl7) {
        Hl7Rules r = new Hl7Rules();
        for (JsonNode n : hl7.path("names")) {
            r.names.add(Hl7Selector.parse(n.asText()));
        }
        for (JsonNode n : hl7.path("identifiers")) {
            r.identifiers.add(Hl7Selector.parse(n.asText()));
        }
        r.names.forEach(x -> r.namesBySegment.computeIfAbsent(x.segment(), k -> new ArrayList<>()).add(x));
        r.identifiers.forEach(x -> r.identifiersBySegment.computeIfAbsent(x.segment(), k -> new ArrayList<>()).add(x));
        var it = hl7.path("segments").fields();
        while (it.hasNext()) {
            var e = it.next();
            String id = e.getKey().trim();
            if (!id.matches("[A-Z][A-Z0-9]{2}|Z\\*")) {
                throw new IllegalArgumentException("segment \"" + id + "\" is not a segment id (or Z*)");
            }
            SegmentRules s = new SegmentRules(id);
            JsonNode body = e.getValue();
            if (body.isTextual()) {
                Rule whole = Rule.parse(body.asText());
                if (whole.action() == Action.REMOVE) {
                    continue; // same as not naming it
                }
                s.fallback = whole;
            } else {
                var fit = body.fields();
                while (fit.hasNext()) {
                    var f = fit.next();
                    Rule rule;
                    try {
                        rule = Rule.parse(f.getValue().asText());
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException(id + " " + f.getKey() + ": " + ex.getMessage(), ex);
                    }
                    if (f.getKey().equals("*")) {
                        s.fallback = rule;
                        continue;
                    }
                    Hl7Selector sel = Hl7Selector.parse(f.getKey());
                    if (!sel.segment().equals(id) && !(id.equals("Z*") && sel.segment().startsWith("Z"))) {
                        throw new IllegalArgumentException(f.getKey() + " is listed under segment " + id);
                    }
                    r.add(s, sel, rule);
                }
            }
            s.removesValues |= s.fallback != null && s.fallback.action().removesValue();
            s.freeze();
            if (id.equals("Z*")) {
                r.zSegments = s;
            } else {
                r.segments.put(id, s);
            }
        }
        return r;
    }

    private void add(SegmentRules s, Hl7Selector sel, Rule rule) {
        FieldRules f = sel.repetition() > 0
                ? s.repetitions.computeIfAbsent(((long) sel.field() << 32) | sel.repetition(), k -> new FieldRules())
                : s.fields.computeIfAbsent(sel.field(), k -> new FieldRules());
        if (sel.component() == 0) {
            f.whole = rule;
        } else if (sel.subcomponent() == 0) {
            f.components.put(sel.component(), rule);
        } else {
            f.subcomponents.computeIfAbsent(sel.component(), k -> new HashMap<>()).put(sel.subcomponent(), rule);
        }
        s.removesValues |= rule.action().removesValue();
    }

    /** The rules of a segment id, or null when the profile drops it. */
    SegmentRules segment(String id) {
        SegmentRules s = segments.get(id);
        if (s == null && zSegments != null && id.startsWith("Z")) {
            return zSegments;
        }
        return s;
    }

    /** Positions holding person names: every name part is removed from free text. */
    List<Hl7Selector> names() {
        return names;
    }

    /** Further identifier positions (mostly in dropped segments) whose values clean-text removes. */
    List<Hl7Selector> identifiers() {
        return identifiers;
    }

    private final Map<String, List<Hl7Selector>> namesBySegment = new HashMap<>();
    private final Map<String, List<Hl7Selector>> identifiersBySegment = new HashMap<>();

    /** The name positions of one segment id (empty list when none). */
    List<Hl7Selector> names(String segment) {
        return namesBySegment.getOrDefault(segment, List.of());
    }

    List<Hl7Selector> identifiers(String segment) {
        return identifiersBySegment.getOrDefault(segment, List.of());
    }

    /** Every rule (for checks at load time). */
    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        List<SegmentRules> all = new ArrayList<>(segments.values());
        if (zSegments != null) {
            all.add(zSegments);
        }
        for (SegmentRules s : all) {
            if (s.fallback != null) {
                out.add(s.fallback);
            }
            List<FieldRules> fr = new ArrayList<>(s.fields.values());
            fr.addAll(s.repetitions.values());
            for (FieldRules f : fr) {
                if (f.whole != null) {
                    out.add(f.whole);
                }
                out.addAll(f.components.values());
                f.subcomponents.values().forEach(m -> out.addAll(m.values()));
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return segments.isEmpty() && zSegments == null;
    }
}
