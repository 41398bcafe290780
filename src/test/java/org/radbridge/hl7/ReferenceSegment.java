package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * The HL7 segment reader as it was before issue 15 (commit 5a1f431: fields split per segment, repetitions per field,
 * components per last range read), kept unchanged as the reference {@link SegmentIndexTest} compares the one-pass
 * indexed {@link Segment} with.
 */
final class ReferenceSegment {

    private final String text;
    private final Delimiters delimiters;
    private final int lineNumber;
    private int[] starts; // start offset of each split field (index 0 = segment id)
    private int count;
    private int[][] repIndex; // per field: start offsets of its repetitions, built on first access

    ReferenceSegment(String text, Delimiters delimiters, int lineNumber) {
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
        int count = repetitionCount(n);
        List<String> out = new ArrayList<>(Math.max(2, count));
        for (int r = 1; r <= count; r++) {
            out.add(raw(n, r, 0, 0));
        }
        return out;
    }

    /** Number of repetitions of field n (0 when the field is empty); constant time once the field is indexed. */
    public int repetitionCount(int n) {
        if (isHeader() && n == 1) {
            return 1;
        }
        int[] range = fieldRange(n);
        if (range == null || range[0] == range[1]) {
            return 0;
        }
        if (isHeader() && n <= 2) {
            return 1;
        }
        return repetitionIndex(n, range).length;
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

    /**
     * Start and end offset of field n in the segment text (HL7 numbering), or null when absent. MSH-1
     * (the separator itself) has no range of its own: callers handle it.
     */
    private int[] fieldRange(int n) {
        split();
        int k = n;
        if (isHeader()) {
            if (n == 1) {
                return null;
            }
            k = n - 1;
        }
        if (k < 1 || k >= count) {
            return null;
        }
        int start = starts[k];
        int end = k + 1 < count ? starts[k + 1] - 1 : text.length();
        return new int[] {start, end};
    }

    /** Start offsets of the repetitions of field n, computed once per field (linear in the field's length). */
    private int[] repetitionIndex(int n, int[] range) {
        if (repIndex == null) {
            repIndex = new int[Math.max(count + 1, 2)][];
        }
        int[] idx = n < repIndex.length ? repIndex[n] : null;
        if (idx != null) {
            return idx;
        }
        char sep = delimiters.repetition();
        int[] s = new int[4];
        int c = 0;
        s[c++] = range[0];
        if (sep != 0) {
            for (int i = range[0]; i < range[1]; i++) {
                if (text.charAt(i) == sep) {
                    if (c == s.length) {
                        s = java.util.Arrays.copyOf(s, c * 2);
                    }
                    s[c++] = i + 1;
                }
            }
        }
        idx = java.util.Arrays.copyOf(s, c);
        if (n < repIndex.length) {
            repIndex[n] = idx;
        }
        return idx;
    }

    /** Raw text of one repetition / component / subcomponent (all 1-based; 0 means "whole"). */
    public String raw(int field, int rep, int comp, int sub) {
        if (isHeader() && field <= 2) {
            String f = field(field);
            return (comp <= 1 && sub <= 1 && rep <= 1) ? f : "";
        }
        int[] range = fieldRange(field);
        if (range == null || range[0] == range[1]) {
            return "";
        }
        int a = range[0];
        int b = range[1];
        if (rep > 0) {
            int[] reps = repetitionIndex(field, range);
            if (rep > reps.length) {
                return "";
            }
            a = reps[rep - 1];
            b = rep < reps.length ? reps[rep] - 1 : range[1];
        }
        if (comp > 0) {
            long r = components.range(text, a, b, delimiters.component(), comp);
            if (r < 0) {
                return "";
            }
            a = (int) (r >>> 32);
            b = (int) r;
            if (sub > 0) {
                r = subcomponents.range(text, a, b, delimiters.subcomponent(), sub);
                if (r < 0) {
                    return "";
                }
                a = (int) (r >>> 32);
                b = (int) r;
            }
        }
        return text.substring(a, b);
    }

    /**
     * Start offsets of the parts of the text range last asked for, so that reading every component (or
     * subcomponent) of one repetition one after the other is linear in its length, not quadratic (issue 11 item 5:
     * a field of 36,000 components was read in seconds).
     */
    private static final class PartIndex {
        /** The last range indexed; replaced whole, so a reader always sees one consistent index. */
        private Parts last;

        private record Parts(int from, int to, char sep, int[] starts, int count) {
        }

        long range(String text, int a, int b, char sep, int n) {
            if (sep == 0) {
                return n == 1 ? ((long) a << 32) | b : -1;
            }
            Parts p = last;
            if (p == null || p.from != a || p.to != b || p.sep != sep) {
                p = index(text, a, b, sep);
                last = p;
            }
            if (n > p.count) {
                return -1;
            }
            int start = p.starts[n - 1];
            int end = n < p.count ? p.starts[n] - 1 : b;
            return ((long) start << 32) | end;
        }

        private static Parts index(String text, int a, int b, char sep) {
            int[] starts = new int[8];
            int count = 0;
            starts[count++] = a;
            for (int i = a; i < b; i++) {
                if (text.charAt(i) == sep) {
                    if (count == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, count * 2);
                    }
                    starts[count++] = i + 1;
                }
            }
            return new Parts(a, b, sep, starts, count);
        }
    }

    private final PartIndex components = new PartIndex();
    private final PartIndex subcomponents = new PartIndex();

    /** Range (start in the high, end in the low 32 bits) of the n-th part of text[a, b) between separators; -1 if none. */
    private static long nthRange(String text, int a, int b, char sep, int n) {
        if (sep == 0) {
            return n == 1 ? ((long) a << 32) | b : -1;
        }
        int from = a;
        for (int k = 1; k < n; k++) {
            int i = indexOf(text, sep, from, b);
            if (i < 0) {
                return -1;
            }
            from = i + 1;
        }
        int end = indexOf(text, sep, from, b);
        return ((long) from << 32) | (end < 0 ? b : end);
    }

    private static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static String nth(String s, char sep, int n) {
        long r = nthRange(s, 0, s.length(), sep, n);
        return r < 0 ? "" : s.substring((int) (r >>> 32), (int) r);
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
