package org.radbridge.fhir.map;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/**
 * One repetition of a field (or of a component, for paths like {@code ORC-7.4}) seen as a composite value:
 * {@code comp(n)} and {@code sub(n, s)} are decoded, 1-based, "" when absent. Datatype conversions (CX, XPN,
 * XAD, XTN, CE, XCN...) read their components through it.
 */
public final class Field {

    private final Segment segment;
    private final int field;
    private final int rep;
    private final int component; // 0: the whole field; >0: the path names one component

    Field(Segment segment, int field, int rep, int component) {
        this.segment = segment;
        this.field = field;
        this.rep = rep;
        this.component = component;
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
        return clean(component == 0 ? segment.value(field, rep, n, 0) : segment.value(field, rep, component, n));
    }

    /** Subcomponent s of component n (only for whole-field paths). */
    public String sub(int n, int s) {
        return component == 0 ? clean(segment.value(field, rep, n, s)) : "";
    }

    /** The whole value decoded as text (a component path: that component). */
    public String text() {
        return clean(component == 0 ? segment.value(field, rep, 0, 0) : segment.value(field, rep, component, 0));
    }

    /** HL7's explicit null ("") and surrounding blanks read as empty. */
    static String clean(String s) {
        String t = s.trim();
        return t.equals("\"\"") ? "" : t;
    }

    /** True when a component holds subcomponents (e.g. a CNN written inside NDL-1). */
    public boolean hasSubcomponents(int n) {
        String raw = component == 0 ? segment.raw(field, rep, n, 0) : "";
        return raw.indexOf(segment.delimiters().subcomponent()) >= 0;
    }

    public boolean isEmpty() {
        String raw = component == 0 ? segment.raw(field, rep, 0, 0) : segment.raw(field, rep, component, 0);
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
