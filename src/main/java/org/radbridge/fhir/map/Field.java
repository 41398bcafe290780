package org.radbridge.fhir.map;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/**
 * One repetition of a field (or of a component, for paths like {@code ORC-7.4}) seen as a composite value:
 * {@code comp(n)} and {@code sub(n, s)} are decoded, 1-based, "" when absent. Datatype conversions (CX, XPN,
 * XAD, XTN, CE, XCN...) read their components through it. The repetition's text is read from the segment once
 * and split here once (issue 15: a datatype conversion reads up to ten components, each a full segment look-up).
 */
public final class Field {

    private final Segment segment;
    private final int field;
    private final int rep;
    private final int component; // 0: the whole field; >0: the path names one component
    /** MSH-1/MSH-2 (and FHS/BHS): read through the segment, which has their special rules. */
    private final boolean special;
    /** The repetition's raw text (a component path: that component's), read from the segment once. */
    private final String raw;
    /** Start offsets of its parts (components; subcomponents for a component path), built on first use. */
    private int[] parts;
    private int partCount;

    Field(Segment segment, int field, int rep, int component) {
        this.segment = segment;
        this.field = field;
        this.rep = rep;
        this.component = component;
        this.special = field <= 2 && (segment.is("MSH") || segment.is("FHS") || segment.is("BHS"));
        this.raw = special ? null : segment.raw(field, rep, component, 0);
    }

    /** Every non-empty repetition the path points at in the scope (the path's own repetition when it names one). */
    public static List<Field> of(Scope scope, Hl7Path p) {
        Segment s = scope.segment(p.segment());
        List<Field> out = new ArrayList<>(2);
        if (s == null) {
            return out;
        }
        if (p.repetition() != 1) {
            addIfPresent(out, new Field(s, p.field(), p.repetition(), p.component()));
            return out;
        }
        int n = s.repetitionCount(p.field());
        for (int r = 1; r <= n; r++) {
            addIfPresent(out, new Field(s, p.field(), r, p.component()));
        }
        return out;
    }

    /** The fields a path points at in one given segment. */
    public static List<Field> in(Segment s, int field) {
        List<Field> out = new ArrayList<>(2);
        int n = s.repetitionCount(field);
        for (int r = 1; r <= n; r++) {
            addIfPresent(out, new Field(s, field, r, 0));
        }
        return out;
    }

    private static void addIfPresent(List<Field> out, Field f) {
        if (!f.isEmpty()) {
            out.add(f);
        }
    }

    /** Component n (for a component path: subcomponent n of that component). */
    public String comp(int n) {
        if (special) {
            return clean(component == 0 ? segment.value(field, rep, n, 0) : segment.value(field, rep, component, n));
        }
        return decode(part(n));
    }

    /** Subcomponent s of component n (only for whole-field paths). */
    public String sub(int n, int s) {
        if (component != 0) {
            return "";
        }
        if (special) {
            return clean(segment.value(field, rep, n, s));
        }
        return decode(nth(part(n), segment.delimiters().subcomponent(), s));
    }

    /** The whole value decoded as text (a component path: that component). */
    public String text() {
        if (special) {
            return clean(component == 0 ? segment.value(field, rep, 0, 0) : segment.value(field, rep, component, 0));
        }
        return decode(raw);
    }

    /** HL7's explicit null ("") and surrounding blanks read as empty. */
    static String clean(String s) {
        String t = s.trim();
        return t.equals("\"\"") ? "" : t;
    }

    /** What Segment.value gives for raw text (trailing spaces stripped, escapes decoded), cleaned. */
    private String decode(String r) {
        if (r.isEmpty()) {
            return r;
        }
        int end = r.length();
        while (end > 0 && r.charAt(end - 1) == ' ') {
            end--;
        }
        return clean(Hl7Escapes.unescape(end == r.length() ? r : r.substring(0, end), segment.delimiters()));
    }

    /** Raw part n of {@link #raw} (components, or subcomponents for a component path); "" when absent. */
    private String part(int n) {
        if (n < 1) {
            return raw;
        }
        char sep = component == 0 ? segment.delimiters().component() : segment.delimiters().subcomponent();
        if (sep == 0) {
            return n == 1 ? raw : "";
        }
        if (parts == null) {
            int[] p = new int[8];
            int c = 0;
            p[c++] = 0;
            for (int i = 0; i < raw.length(); i++) {
                if (raw.charAt(i) == sep) {
                    if (c == p.length) {
                        p = java.util.Arrays.copyOf(p, c * 2);
                    }
                    p[c++] = i + 1;
                }
            }
            parts = p;
            partCount = c;
        }
        if (n > partCount) {
            return "";
        }
        int start = parts[n - 1];
        int end = n < partCount ? parts[n] - 1 : raw.length();
        return raw.substring(start, end);
    }

    /** Part n of s between separators (1-based; "" when absent). */
    private static String nth(String s, char sep, int n) {
        if (n < 1) {
            return s;
        }
        if (sep == 0) {
            return n == 1 ? s : "";
        }
        int from = 0;
        for (int k = 1; k < n; k++) {
            int i = s.indexOf(sep, from);
            if (i < 0) {
                return "";
            }
            from = i + 1;
        }
        int end = s.indexOf(sep, from);
        return s.substring(from, end < 0 ? s.length() : end);
    }

    /** True when a component holds subcomponents (e.g. a CNN written inside NDL-1). */
    public boolean hasSubcomponents(int n) {
        String c = component != 0 ? "" : special ? segment.raw(field, rep, n, 0) : part(n);
        return c.indexOf(segment.delimiters().subcomponent()) >= 0;
    }

    public boolean isEmpty() {
        String raw = special ? segment.raw(field, rep, component, 0) : this.raw;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != ' ' && c != segment.delimiters().component() && c != segment.delimiters().subcomponent()) {
                return false;
            }
        }
        return true;
    }

    public Segment segment() {
        return segment;
    }
}
