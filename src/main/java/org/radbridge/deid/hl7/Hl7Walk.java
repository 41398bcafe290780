package org.radbridge.deid.hl7;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.deid.Action;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.Rule;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Segment;

/**
 * One traversal of an HL7 v2 segment by {@link Hl7Rules} (HL7 v2.5 2.5: fields, repetitions, components,
 * subcomponents): collecting the values the profile removes or replaces (first pass of
 * {@link Hl7Deidentifier}), or writing the de-identified segment (second pass).
 */
final class Hl7Walk {
    private final Delimiters d;
    private final DeidContext ctx;
    private final boolean collect;
    private boolean header;
    private int fieldNumber;

    Hl7Walk(Delimiters d, DeidContext ctx, boolean collect) {
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
        List<String> fields = Delimiters.split(text, d.field()); // [id, f1, f2, ...]; for MSH [id, MSH-2, MSH-3, ...]
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
        List<String> reps = Delimiters.split(raw, d.repetition());
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
        return out == null ? "" : Hl7Deidentifier.join(out, d.repetition());
    }

    private String structured(String rep, Hl7Rules.FieldRules fr, Rule base) {
        Rule inherit = inheritable(base);
        List<String> comps = Delimiters.split(rep, d.component());
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
                List<String> parts = Delimiters.split(comps.get(c - 1), d.subcomponent());
                List<String> po = new ArrayList<>(parts.size());
                for (int s = 1; s <= parts.size(); s++) {
                    Rule sr = s < subs.length ? subs[s] : null;
                    if (sr == null && s == 1 && cr != null && cr.action().transformsValue() && cr.action() != Action.CLEAN_TEXT) {
                        sr = cr;
                    }
                    po.add(apply(parts.get(s - 1), sr != null ? sr : subInherit));
                }
                v = Hl7Deidentifier.join(po, d.subcomponent());
            }
            if (out != null) {
                out.add(v);
            }
        }
        return out == null ? "" : Hl7Deidentifier.join(out, d.component());
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
                    Hl7Deidentifier.rememberLeaves(raw, r, d, ctx);
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
