package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

        boolean structured() {
            return !components.isEmpty() || !subcomponents.isEmpty();
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

        FieldRules field(int field, int rep) {
            if (!repetitions.isEmpty()) {
                FieldRules r = repetitions.get(((long) field << 32) | rep);
                if (r != null) {
                    return r;
                }
            }
            return fields.get(field);
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

    /** Every rule (for checks at load time). */
    List<Rule> rules() {
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
