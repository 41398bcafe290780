package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * One HL7 v2 segment, kept as its original text and split into fields lazily (HL7 v2.5 2.5.2
 * "Segments"). Field numbers follow HL7: for MSH, field 1 is the field separator and field 2 the
 * encoding characters. Component, repetition and subcomponent numbers are 1-based. Raw accessors return
 * the text as received; {@code value} accessors decode escape sequences.
 */
public final class Segment {

    private final String text;
    private final Delimiters delimiters;
    private final int lineNumber;
    private int[] starts; // start offset of each split field (index 0 = segment id)
    private int count;

    Segment(String text, Delimiters delimiters, int lineNumber) {
        this.text = text;
        this.delimiters = delimiters;
        this.lineNumber = lineNumber;
    }

    public String id() {
        return text.length() >= 3 ? text.substring(0, 3) : text;
    }

    public boolean is(String id) {
        return text.startsWith(id) && (text.length() == 3 || text.charAt(3) == delimiters.field());
    }

    public String text() {
        return text;
    }

    /** 1-based line number of this segment in the received message. */
    public int lineNumber() {
        return lineNumber;
    }

    public Delimiters delimiters() {
        return delimiters;
    }

    private boolean isHeader() {
        return is("MSH") || is("FHS") || is("BHS");
    }

    private void split() {
        if (starts != null) {
            return;
        }
        int[] s = new int[16];
        int n = 0;
        s[n++] = 0;
        char f = delimiters.field();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == f) {
                if (n == s.length) {
                    s = java.util.Arrays.copyOf(s, n * 2);
                }
                s[n++] = i + 1;
            }
        }
        starts = s;
        count = n;
    }

    /** Number of the last field present (HL7 numbering). */
    public int fieldCount() {
        split();
        return isHeader() ? count : count - 1;
    }

    /** Raw text of field n, all repetitions; "" when absent. */
    public String field(int n) {
        split();
        if (isHeader()) {
            if (n == 1) {
                return String.valueOf(delimiters.field());
            }
            n = n - 1;
        }
        if (n < 1 || n >= count) {
            return "";
        }
        int start = starts[n];
        int end = n + 1 < count ? starts[n + 1] - 1 : text.length();
        return text.substring(start, end);
    }

    /** Raw repetitions of field n (none when the field is empty). */
    public List<String> repetitions(int n) {
        String f = field(n);
        List<String> out = new ArrayList<>(2);
        if (f.isEmpty()) {
            return out;
        }
        if (isHeader() && n == 2) {
            out.add(f);
            return out;
        }
        splitInto(f, delimiters.repetition(), out);
        return out;
    }

    static void splitInto(String s, char sep, List<String> out) {
        if (sep == 0) {
            out.add(s);
            return;
        }
        int from = 0;
        int i;
        while ((i = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, i));
            from = i + 1;
        }
        out.add(s.substring(from));
    }

    /** Raw text of one repetition / component / subcomponent (all 1-based; 0 means "whole"). */
    public String raw(int field, int rep, int comp, int sub) {
        String f = field(field);
        if (f.isEmpty() || isHeader() && field <= 2) {
            return (comp <= 1 && sub <= 1 && rep <= 1) ? f : "";
        }
        String r = rep <= 0 ? f : nth(f, delimiters.repetition(), rep);
        if (comp <= 0) {
            return r;
        }
        String c = nth(r, delimiters.component(), comp);
        if (sub <= 0) {
            return c;
        }
        return nth(c, delimiters.subcomponent(), sub);
    }

    static String nth(String s, char sep, int n) {
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
        return end < 0 ? s.substring(from) : s.substring(from, end);
    }

    /** Decoded value of field/component (first repetition, whole component). */
    public String value(int field, int comp) {
        return value(field, 1, comp, 0);
    }

    /** Decoded value of the first repetition's field, component, subcomponent. */
    public String value(int field, int comp, int sub) {
        return value(field, 1, comp, sub);
    }

    /** Decoded value (escape sequences resolved); trailing spaces trimmed; "" when absent. */
    public String value(int field, int rep, int comp, int sub) {
        String raw = raw(field, rep, comp, sub);
        if (isHeader() && field <= 2) {
            return raw;
        }
        return Hl7Escapes.unescape(stripTrailing(raw), delimiters);
    }

    /** Decoded field value of the first repetition, first component. */
    public String value(int field) {
        return value(field, 1, 1, 0);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    @Override
    public String toString() {
        return id();
    }
}
