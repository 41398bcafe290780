package org.radbridge.worklist.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.Dictionary;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;
import org.radbridge.order.OrderStep;
import org.radbridge.order.OrderIdentifiers.Source;
import org.radbridge.mapping.CodeTable;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The rules of one mapping file of mappings/hl7-to-mwl/ ({@link MwlRule}), applied to build a worklist item
 * (orders) or to update one (patient updates: only values the message carries change; an HL7 null
 * {@code ""} clears a value, an empty field leaves it).
 */
public final class MwlRuleSet {

    /** HL7's explicit null (HL7 v2.5 2.5.3: "" means delete the value). */
    static final String HL7_NULL = "\"\"";

    private final String file;
    private final List<MwlRule> rules;
    private final Mappings mappings;
    private final Map<String, CodeTable> tables = new ConcurrentHashMap<>();
    /** The rules compiled once per load (a reload loads new ones): nothing of the rule text is read per message. */
    private final Compiled[] compiled;

    MwlRuleSet(String file, List<MwlRule> rules, Mappings mappings) {
        this.file = file;
        this.rules = List.copyOf(rules);
        this.mappings = mappings;
        this.compiled = new Compiled[this.rules.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = new Compiled(this.rules.get(i));
        }
    }

    /**
     * One rule as applied: its target's last tag and VR, its function, code table and option gates resolved, its
     * sources as arrays.
     */
    private final class Compiled {
        final MwlRule rule;
        final int[] tags;
        final int tag;
        final VR vr;
        final Source[] from;
        final MwlFunctions.Fn fn;
        final CodeTable table;
        final String[] gateNames;
        final Set<String>[] gateValues;
        /** The first keyword of the target (a patient update keeps these targets untouched). */
        final String top;

        @SuppressWarnings("unchecked")
        Compiled(MwlRule r) {
            this.rule = r;
            this.tags = r.tags();
            this.tag = tags[tags.length - 1];
            this.vr = Dictionary.vrOf(tag);
            this.from = r.from().toArray(new Source[0]);
            this.fn = r.fn() == null ? null : MwlFunctions.get(r.fn());
            this.table = r.table() == null ? null : table(r.table());
            this.gateNames = r.when().keySet().toArray(new String[0]);
            this.gateValues = new Set[gateNames.length];
            for (int i = 0; i < gateNames.length; i++) {
                gateValues[i] = r.when().get(gateNames[i]);
            }
            this.top = r.to().split(">")[0];
        }

        boolean gateOpen(MappingContext ctx) {
            for (int i = 0; i < gateNames.length; i++) {
                if (!gateValues[i].contains(ctx.option(gateNames[i], ""))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Loads {@code hl7-to-mwl/<name>}; errors name the file. */
    public static MwlRuleSet load(Mappings m, String relative) {
        JsonNode n = m.yaml(relative);
        List<MwlRule> rules = new ArrayList<>();
        try {
            for (JsonNode r : n.path("rules")) {
                rules.add(MwlRule.parse(r, relative));
            }
        } catch (IllegalArgumentException e) {
            throw new MappingException(m.origin(relative), e.getMessage());
        }
        return new MwlRuleSet(relative, rules, m); // loads the code tables the rules name
    }

    public List<MwlRule> rules() {
        return rules;
    }

    public String file() {
        return file;
    }

    private CodeTable table(String name) {
        return tables.computeIfAbsent(name, t -> CodeTable.load(mappings, "codes/" + t + ".yaml"));
    }

    /** Builds: each target gets the value of the first applicable rule that has one. */
    public void apply(MappingContext ctx) {
        Attributes root = ctx.item();
        for (Compiled c : compiled) {
            if (!c.gateOpen(ctx)) {
                continue;
            }
            MwlRule r = c.rule;
            int tag = c.tag;
            Attributes existing = find(root, c.tags);
            if (existing != null && hasValue(existing, tag)) {
                continue;
            }
            if (!r.code().isEmpty()) {
                Attributes code = code(r, ctx);
                if (code != null) {
                    container(root, c.tags).newSequence(tag).add(code);
                } else if (r.type2() && (existing == null || !existing.contains(tag))) {
                    container(root, c.tags).newSequence(tag);
                }
                continue;
            }
            String v = value(c, ctx);
            if (v != null && !v.isEmpty() && !v.equals(HL7_NULL)) {
                set(container(root, c.tags), c, v, ctx);
            } else if (r.type2() && (existing == null || !existing.contains(tag))) {
                container(root, c.tags).setNull(tag, c.vr);
            }
        }
    }

    /**
     * Updates {@code target} (an existing item) with what the message carries: a value replaces, an HL7
     * null clears, an absent value leaves the stored one; targets in {@code keep} are never touched (the
     * patient's identity). Returns the keywords changed.
     */
    public List<String> update(MappingContext ctx, Attributes target, Set<String> keep) {
        Set<String> done = new HashSet<>();
        List<String> changed = new ArrayList<>();
        for (Compiled c : compiled) {
            MwlRule r = c.rule;
            if (done.contains(r.to()) || keep.contains(c.top) || !c.gateOpen(ctx) || !r.code().isEmpty()
                    || r.constant() != null) {
                continue;
            }
            String v = value(c, ctx);
            if (v == null || v.isEmpty()) {
                continue;
            }
            done.add(r.to());
            int tag = c.tag;
            Attributes found = find(target, c.tags);
            if (v.equals(HL7_NULL) && found == null) {
                continue;
            }
            Attributes parent = found != null ? found : container(target, c.tags);
            String before = parent.getRawString(tag);
            if (v.equals(HL7_NULL)) {
                parent.setNull(tag, c.vr);
            } else {
                set(parent, c, v, ctx);
            }
            String after = parent.getRawString(tag);
            if (!java.util.Objects.equals(before, after)) {
                changed.add(r.to());
            }
        }
        return changed;
    }

    private static boolean hasValue(Attributes parent, int tag) {
        Attributes.Element e = parent.get(tag);
        if (e == null) {
            return false;
        }
        return e.value() instanceof Sequence s ? !s.isEmpty() : !e.isEmpty();
    }

    /** The data set holding the target's last tag, or null when a sequence on the way is missing or empty. */
    static Attributes find(Attributes root, int[] tags) {
        Attributes cur = root;
        for (int i = 0; i < tags.length - 1; i++) {
            Sequence s = cur.getSequence(tags[i]);
            if (s == null || s.isEmpty()) {
                return null;
            }
            cur = s.get(0);
        }
        return cur;
    }

    /** The data set holding the target's last tag, creating first items of the sequences on the way. */
    static Attributes container(Attributes root, int[] tags) {
        Attributes cur = root;
        for (int i = 0; i < tags.length - 1; i++) {
            Sequence s = cur.getSequence(tags[i]);
            if (s == null) {
                s = cur.newSequence(tags[i]);
            }
            if (s.isEmpty()) {
                s.addItem();
            }
            cur = s.get(0);
        }
        return cur;
    }

    /** The rule's value: constant, or the first non-empty source (function and table applied); HL7_NULL passes through. */
    private String value(Compiled c, MappingContext ctx) {
        MwlRule r = c.rule;
        if (r.constant() != null) {
            return r.constant();
        }
        if (c.from.length == 0 && c.fn != null) {
            return call(c, null, null, ctx);
        }
        OrderStep step = ctx.step();
        for (Source src : c.from) {
            Hl7Path path = src.path();
            Segment seg = src.headerOnly() ? step.findInHeader(path.segment()) : step.find(path.segment());
            if (seg == null) {
                continue;
            }
            if (path.isNullIn(seg)) {
                return HL7_NULL;
            }
            String v;
            if (c.fn != null) {
                v = call(c, seg, src, ctx);
            } else if (r.repeat()) {
                v = repetitions(seg, src);
            } else {
                v = path.valueIn(seg);
            }
            v = v == null ? "" : v.trim();
            if (v.isEmpty()) {
                continue;
            }
            if (c.table != null) {
                String mapped = c.table.lookup(v);
                if (mapped == null || mapped.isEmpty()) {
                    if (!r.keepUnmapped()) {
                        ctx.warn(r.to() + ": code " + v + " of " + src + " not in codes/" + r.table() + ".yaml, left empty");
                        continue;
                    }
                } else {
                    v = mapped;
                }
            }
            return v;
        }
        return "";
    }

    private static String call(Compiled c, Segment seg, Source src, MappingContext ctx) {
        MwlRule r = c.rule;
        try {
            return c.fn.apply(seg, src == null ? null : src.path(), ctx);
        } catch (IllegalArgumentException e) {
            String where = src == null ? r.to() : src.path().toString();
            if (r.rejectInvalid()) {
                throw Hl7Error.content(Hl7Error.Code.DATA_TYPE, src == null ? null : where, where + ": " + e.getMessage());
            }
            ctx.warn(r.to() + ": invalid value in " + where + " dropped (" + e.getMessage().replaceAll("'[^']*'", "value") + ")");
            return "";
        }
    }

    private static String repetitions(Segment seg, Source src) {
        List<String> vals = new ArrayList<>();
        int n = seg.repetitionCount(src.path().field());
        for (int rep = 1; rep <= n; rep++) {
            String v = seg.value(src.path().field(), rep, src.path().component() == 0 ? 1 : src.path().component(),
                    src.path().subcomponent()).trim();
            if (!v.isEmpty()) {
                vals.add(v.replace('\\', '/'));
            }
        }
        return String.join("\\", vals);
    }

    /** One code item (Code Value, Coding Scheme Designator, Code Meaning) or null without a code value. */
    private Attributes code(MwlRule r, MappingContext ctx) {
        String[] v = new String[3];
        for (int i = 0; i < 3; i++) {
            Source src = r.code().get(i);
            Segment seg = ctx.step().find(src.path().segment());
            v[i] = seg == null ? "" : src.path().valueIn(seg).trim();
        }
        if (v[0].isEmpty()) {
            return null;
        }
        Attributes item = new Attributes();
        item.setString(Tag.CodeValue, VR.SH, DicomLimits.fit(VR.SH, v[0], "CodeValue", ctx));
        item.setString(Tag.CodingSchemeDesignator, VR.SH, DicomLimits.fit(VR.SH, v[1].isEmpty() ? "99LOCAL" : v[1],
                "CodingSchemeDesignator", ctx));
        if (!v[2].isEmpty()) {
            item.setString(Tag.CodeMeaning, VR.LO, DicomLimits.fit(VR.LO, v[2], "CodeMeaning", ctx));
        }
        return item;
    }

    private static void set(Attributes parent, Compiled c, String v, MappingContext ctx) {
        MwlRule r = c.rule;
        VR vr = c.vr;
        String value = r.repeat() ? v : DicomLimits.single(vr, v);
        value = DicomLimits.fit(vr, value, r.to(), ctx);
        try {
            parent.setString(c.tag, vr, value);
        } catch (IllegalArgumentException e) {
            ctx.warn(r.to() + ": value not valid for " + vr + ", dropped");
        }
    }
}
