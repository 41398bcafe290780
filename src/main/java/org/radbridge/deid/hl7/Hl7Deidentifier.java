package org.radbridge.deid.hl7;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.deid.Dates;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.DeidException;
import org.radbridge.deid.Rule;
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
                new Hl7Walk(d, ctx, true).segment(s, sr);
            }
        }
        StringBuilder out = new StringBuilder(msg.segments().size() * 80);
        for (Segment s : msg.segments()) {
            Hl7Rules.SegmentRules sr = rules.segment(s.id());
            if (sr == null) {
                ctx.counts().segmentRemoved();
                continue;
            }
            new Hl7Walk(d, ctx, false).segment(s, sr, out);
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
        List<String> reps = Delimiters.split(s.field(sel.field()), d.repetition());
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


    static String part(String s, char sep, int n) {
        List<String> p = Delimiters.split(s, sep);
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
