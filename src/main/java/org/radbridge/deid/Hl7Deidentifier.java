package org.radbridge.deid;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;

/**
 * De-identifies an HL7 v2 message with a profile's {@link Hl7Rules} (HL7 v2.5 2.5 message construction:
 * segments, fields, repetitions, components, subcomponents). Two passes: the first collects every value
 * the profile removes or replaces, and the names and identifiers it lists, so the second pass's
 * clean-text can take them out of report text and notes. Values are decoded (HL7 v2.5 2.7 escape
 * sequences) before they are changed and encoded again after; kept values are copied byte for byte. The
 * message's own delimiters are kept; segments the profile does not name are dropped.
 */
public final class Hl7Deidentifier {

    private Hl7Deidentifier() {
    }

    /** The de-identified message, segments separated by CR. */
    public static String deidentify(Hl7Message msg, DeidContext ctx) {
        Hl7Rules rules = ctx.profile().hl7();
        if (rules == null) {
            throw new DeidException("profile " + ctx.profile().name() + " has no HL7 v2 rules");
        }
        Delimiters d = msg.delimiters();
        Segment pid = msg.segment("PID");
        ctx.patientKey(pid == null ? "" : pid.value(3, 1, 1, 0));
        for (Segment s : msg.segments()) {
            Hl7Rules.SegmentRules sr = rules.segment(s.id());
            collectListed(s, rules, d, ctx);
            if (sr != null && sr.removesValues) {
                new Walk(d, ctx, true).segment(s, sr);
            }
        }
        StringBuilder out = new StringBuilder(msg.segments().size() * 80);
        for (Segment s : msg.segments()) {
            Hl7Rules.SegmentRules sr = rules.segment(s.id());
            if (sr == null) {
                ctx.counts().segmentRemoved();
                continue;
            }
            new Walk(d, ctx, false).segment(s, sr, out);
            out.append('\r');
        }
        return out.toString();
    }

    /** Names and further identifiers the profile lists, from kept and dropped segments alike. */
    private static void collectListed(Segment s, Hl7Rules rules, Delimiters d, DeidContext ctx) {
        String id = s.id();
        for (Hl7Selector sel : rules.names(id)) {
            for (String v : valuesAt(s, sel, d)) {
                ctx.known().addName(Hl7Escapes.unescape(v, d));
            }
        }
        for (Hl7Selector sel : rules.identifiers(id)) {
            for (String v : valuesAt(s, sel, d)) {
                rememberLeaves(v, Rule.REMOVE, d, ctx);
            }
        }
    }

    /** Raw values at a selector (every repetition unless one is named). */
    static List<String> valuesAt(Segment s, Hl7Selector sel, Delimiters d) {
        List<String> out = new ArrayList<>(2);
        if (sel.field() > s.fieldCount()) {
            return out;
        }
        List<String> reps = split(s.field(sel.field()), d.repetition());
        for (int r = 1; r <= reps.size(); r++) {
            if (sel.repetition() > 0 && r != sel.repetition()) {
                continue;
            }
            String v = reps.get(r - 1);
            if (sel.component() > 0) {
                v = part(v, d.component(), sel.component());
                if (sel.subcomponent() > 0) {
                    v = part(v, d.subcomponent(), sel.subcomponent());
                }
            }
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** One traversal of a segment: collecting (first pass) or writing (second pass). */
    private static final class Walk {
        private final Delimiters d;
        private final DeidContext ctx;
        private final boolean collect;
        private boolean header;
        private int fieldNumber;

        Walk(Delimiters d, DeidContext ctx, boolean collect) {
            this.d = d;
            this.ctx = ctx;
            this.collect = collect;
        }

        void segment(Segment s, Hl7Rules.SegmentRules sr) {
            segment(s, sr, null);
        }

        void segment(Segment s, Hl7Rules.SegmentRules sr, StringBuilder out) {
            String text = s.text();
            header = text.startsWith("MSH") || text.startsWith("FHS") || text.startsWith("BHS");
            List<String> fields = split(text, d.field()); // [id, f1, f2, ...]; for MSH [id, MSH-2, MSH-3, ...]
            int mark = out == null ? 0 : out.length();
            if (out != null) {
                out.append(s.id());
                if (header) {
                    out.append(d.field()).append(fields.size() > 1 ? fields.get(1) : "");
                }
            }
            int lastNonEmpty = out == null ? 0 : out.length();
            int count = header ? fields.size() : fields.size() - 1;
            for (int f = header ? 3 : 1; f <= count; f++) {
                fieldNumber = f;
                String v = field(fields.get(header ? f - 1 : f), f, sr);
                if (out != null) {
                    out.append(d.field()).append(v);
                    if (!v.isEmpty()) {
                        lastNonEmpty = out.length();
                    }
                }
            }
            if (out != null) {
                out.setLength(Math.max(lastNonEmpty, mark + 3));
            }
        }

        private String field(String raw, int f, Hl7Rules.SegmentRules sr) {
            if (raw.isEmpty()) {
                return "";
            }
            List<String> reps = split(raw, d.repetition());
            List<String> out = collect ? null : new ArrayList<>(reps.size());
            for (int k = 1; k <= reps.size(); k++) {
                Hl7Rules.FieldRules fr = sr.field(f, k);
                Rule base = fr != null && fr.whole != null ? fr.whole : sr.fallback;
                String rep = reps.get(k - 1);
                String v = fr == null || !fr.structured() ? apply(rep, base) : structured(rep, fr, base);
                if (out != null) {
                    out.add(v);
                }
            }
            return out == null ? "" : join(out, d.repetition());
        }

        private String structured(String rep, Hl7Rules.FieldRules fr, Rule base) {
            Rule inherit = inheritable(base);
            List<String> comps = split(rep, d.component());
            List<String> out = collect ? null : new ArrayList<>(comps.size());
            for (int c = 1; c <= comps.size(); c++) {
                Rule cr = fr.component(c);
                if (cr == null && c == 1 && base != null && base.action().transformsValue() && base.action() != Action.CLEAN_TEXT) {
                    cr = base;
                }
                Rule[] subs = fr.subcomponents(c);
                String v;
                if (subs == null) {
                    v = apply(comps.get(c - 1), cr != null ? cr : inherit);
                } else {
                    Rule subInherit = cr != null ? inheritable(cr) : inherit;
                    List<String> parts = split(comps.get(c - 1), d.subcomponent());
                    List<String> po = new ArrayList<>(parts.size());
                    for (int s = 1; s <= parts.size(); s++) {
                        Rule sr = s < subs.length ? subs[s] : null;
                        if (sr == null && s == 1 && cr != null && cr.action().transformsValue() && cr.action() != Action.CLEAN_TEXT) {
                            sr = cr;
                        }
                        po.add(apply(parts.get(s - 1), sr != null ? sr : subInherit));
                    }
                    v = join(po, d.subcomponent());
                }
                if (out != null) {
                    out.add(v);
                }
            }
            return out == null ? "" : join(out, d.component());
        }

        /** Structural rules cover the parts below them; value rules do not (the parts are emptied). */
        private static Rule inheritable(Rule r) {
            if (r == null) {
                return Rule.REMOVE;
            }
            return switch (r.action()) {
                case KEEP, REMOVE, EMPTY, CLEAN_TEXT -> r;
                default -> Rule.REMOVE;
            };
        }

        /** A rule on a raw value that may still contain component or subcomponent separators. */
        private String apply(String raw, Rule rule) {
            Rule r = rule == null ? Rule.REMOVE : rule;
            if (raw.isEmpty()) {
                return "";
            }
            Action a = r.action();
            if (collect) {
                if (a.removesValue()) {
                    if (a.transformsValue()) {
                        ctx.remember(r, Hl7Escapes.unescape(firstLeaf(raw), d));
                    } else {
                        rememberLeaves(raw, r, d, ctx);
                    }
                }
                return "";
            }
            switch (a) {
                case KEEP:
                    return header && fieldNumber <= 12 ? raw : guardKept(raw); // MSH-3..12: system names and codes
                case REMOVE:
                case EMPTY:
                    ctx.counts().add(a);
                    return "";
                case DUMMY:
                    return Hl7Escapes.escape(ctx.transform(r, "x"), d);
                case CLEAN_TEXT:
                    return cleanLeaves(raw, r);
                default:
                    return Hl7Escapes.escape(ctx.transform(r, Hl7Escapes.unescape(firstLeaf(raw), d)), d);
            }
        }

        /** A kept value, leaf by leaf through {@link DeidContext#guardKept}; the raw text when nothing changed. */
        private String guardKept(String raw) {
            if (ctx.known().isEmpty()) {
                return raw;
            }
            StringBuilder sb = null;
            int start = 0;
            for (int i = 0; i <= raw.length(); i++) {
                char c = i < raw.length() ? raw.charAt(i) : 0;
                if (i == raw.length() || c == d.component() || c == d.subcomponent() || c == d.repetition()) {
                    String leaf = raw.substring(start, i);
                    String plain = leaf.indexOf(d.escape()) >= 0 ? Hl7Escapes.unescape(leaf, d) : leaf;
                    String g = plain.isEmpty() ? plain : ctx.guardKept(plain);
                    if (g != plain && sb == null) {
                        sb = new StringBuilder(raw.length()).append(raw, 0, start);
                    }
                    if (sb != null) {
                        sb.append(g == plain ? leaf : Hl7Escapes.escape(g, d));
                        if (i < raw.length()) {
                            sb.append(c);
                        }
                    }
                    start = i + 1;
                }
            }
            return sb == null ? raw : sb.toString();
        }

        private String cleanLeaves(String raw, Rule r) {
            StringBuilder sb = new StringBuilder(raw.length());
            int start = 0;
            for (int i = 0; i <= raw.length(); i++) {
                char c = i < raw.length() ? raw.charAt(i) : 0;
                if (i == raw.length() || c == d.component() || c == d.subcomponent()) {
                    String leaf = raw.substring(start, i);
                    sb.append(leaf.isEmpty() ? "" : Hl7Escapes.escape(ctx.transform(r, Hl7Escapes.unescape(leaf, d)), d));
                    if (i < raw.length()) {
                        sb.append(c);
                    }
                    start = i + 1;
                }
            }
            return sb.toString();
        }

        private String firstLeaf(String raw) {
            int a = raw.indexOf(d.component());
            int b = d.subcomponent() == 0 ? -1 : raw.indexOf(d.subcomponent());
            int end = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            return end < 0 ? raw : raw.substring(0, end);
        }
    }

    /** Every leaf of a removed value; the digits of several numeric leaves together as a telephone number (XTN). */
    static void rememberLeaves(String raw, Rule r, Delimiters d, DeidContext ctx) {
        StringBuilder digits = new StringBuilder();
        int numeric = 0;
        for (String leaf : leaves(raw, d)) {
            ctx.remember(r, Hl7Escapes.unescape(leaf, d));
            if (Dates.digits(leaf, 0, leaf.length())) {
                digits.append(leaf);
                numeric++;
            }
        }
        if (numeric >= 2 && digits.length() >= 7 && digits.length() <= 15) {
            ctx.known().addPhoneDigits(digits.toString());
        }
    }

    static List<String> leaves(String raw, Delimiters d) {
        List<String> out = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == d.component() || raw.charAt(i) == d.subcomponent()
                    || raw.charAt(i) == d.repetition()) {
                if (i > start) {
                    out.add(raw.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>(4);
        if (sep == 0) {
            out.add(s);
            return out;
        }
        int from = 0;
        int i;
        while ((i = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, i));
            from = i + 1;
        }
        out.add(s.substring(from));
        return out;
    }

    static String part(String s, char sep, int n) {
        List<String> p = split(s, sep);
        return n <= p.size() ? p.get(n - 1) : "";
    }

    /** Joins parts, dropping trailing empty ones. */
    static String join(List<String> parts, char sep) {
        int last = parts.size();
        while (last > 0 && parts.get(last - 1).isEmpty()) {
            last--;
        }
        if (last == 1) {
            return parts.get(0);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < last; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(parts.get(i));
        }
        return sb.toString();
    }
}
