package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * One HL7 v2 segment, kept as its original text (HL7 v2.5 2.5.2 "Segments") and indexed on first access: the field
 * offsets by one pass over the segment, each field's repetition and component offsets by one pass over the field on its
 * first read, so that reading any field, repetition or component afterwards is constant time (no re-splitting per
 * access; linear in the length however many parts there are; subcomponents are indexed per component read). Field
 * numbers follow HL7: for MSH, field 1 is the field separator and field 2 the
 * encoding characters. Component, repetition and subcomponent numbers are 1-based. Raw accessors return the text as
 * received; {@code value} accessors decode escape sequences.
 */
public final class Segment {

    private final String text;
    private final Delimiters delimiters;
    private final int lineNumber;
    private final String id;
    /** MSH, FHS or BHS: field 1 is the field separator, field 2 the encoding characters (never split). */
    private final boolean header;
    /** The id is followed by the field separator (or ends the text), as in every segment the parser makes. */
    private final boolean idThenSeparator;
    /** Offsets of the fields, and of the repetitions and components of the fields read so far. */
    private Index index;

    Segment(String text, Delimiters delimiters, int lineNumber) {
        this.text = text;
        this.delimiters = delimiters;
        this.lineNumber = lineNumber;
        this.id = text.length() >= 3 ? text.substring(0, 3) : text;
        this.idThenSeparator = text.length() == 3 || text.length() > 3 && text.charAt(3) == delimiters.field();
        this.header = is("MSH") || is("FHS") || is("BHS");
    }

    public String id() {
        return id;
    }

    public boolean is(String id) {
        if (id.length() != 3) {
            return text.startsWith(id) && (text.length() == 3 || text.charAt(3) == delimiters.field());
        }
        return idThenSeparator && this.id.equals(id);
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

    /**
     * Where the segment's fields start (HL7 v2.5 2.5.2: split at the field separator, index 0 is the segment id), found
     * in one pass; each field's repetitions and components are indexed on its first read ({@link Parts}). Immutable
     * but for the per-field slots, which hold immutable values: safe to share once built.
     */
    private static final class Index {
        final int count;
        final int[] starts;
        final int length;
        final Parts[] parts;

        Index(String text, char fs) {
            int[] st = new int[32];
            int n = 0;
            st[n++] = 0;
            for (int i = text.indexOf(fs); i >= 0; i = text.indexOf(fs, i + 1)) {
                if (n == st.length) {
                    st = java.util.Arrays.copyOf(st, n * 2);
                }
                st[n++] = i + 1;
            }
            this.count = n;
            this.starts = st;
            this.length = text.length();
            this.parts = new Parts[n];
        }

        int fieldStart(int k) {
            return starts[k];
        }

        int fieldEnd(int k) {
            return k + 1 < count ? starts[k + 1] - 1 : length;
        }
    }

    /**
     * One field's repetitions and components (HL7 v2.5 2.5.4-2.5.5), from one pass over the field: repetition r has the
     * components {@code repComp[r]} to {@code repComp[r+1]-1}, component c the text {@code [compStart[c], compEnd[c])}.
     */
    private static final class Parts {
        final int reps;
        final int[] repComp;
        final int[] compStart;
        final int[] compEnd;

        Parts(String text, int a, int b, char rs, char cs) {
            int[] rc = new int[4];
            int[] st = new int[8];
            int[] en = new int[8];
            int reps = 0;
            int comps = 0;
            rc[reps++] = 0;
            st[0] = a;
            for (int i = a; i < b; i++) {
                char c = text.charAt(i);
                boolean rep = c == rs && rs != 0;
                if (!rep && (c != cs || cs == 0)) {
                    continue;
                }
                en[comps++] = i;
                if (comps == st.length) {
                    st = java.util.Arrays.copyOf(st, comps * 2);
                    en = java.util.Arrays.copyOf(en, comps * 2);
                }
                st[comps] = i + 1;
                if (rep) {
                    if (reps + 1 >= rc.length) {
                        rc = java.util.Arrays.copyOf(rc, rc.length * 2);
                    }
                    rc[reps++] = comps;
                }
            }
            en[comps++] = b;
            rc[reps] = comps;
            this.reps = reps;
            this.repComp = rc;
            this.compStart = st;
            this.compEnd = en;
        }
    }

    private Index index() {
        Index ix = index;
        if (ix == null) {
            ix = new Index(text, delimiters.field());
            index = ix;
        }
        return ix;
    }

    private Parts parts(Index ix, int k) {
        Parts p = ix.parts[k];
        if (p == null) {
            p = new Parts(text, ix.fieldStart(k), ix.fieldEnd(k), delimiters.repetition(), delimiters.component());
            ix.parts[k] = p;
        }
        return p;
    }

    /** Split number of HL7 field n (the header's field 1 has none: -1), or -1 when absent. */
    private int splitNumber(Index ix, int n) {
        int k = n;
        if (header) {
            if (n == 1) {
                return -1;
            }
            k = n - 1;
        }
        return k < 1 || k >= ix.count ? -1 : k;
    }

    /** Number of the last field present (HL7 numbering). */
    public int fieldCount() {
        int count = index().count;
        return header ? count : count - 1;
    }

    /** Raw text of field n, all repetitions; "" when absent. */
    public String field(int n) {
        if (header && n == 1) {
            return String.valueOf(delimiters.field());
        }
        Index ix = index();
        int k = splitNumber(ix, n);
        if (k < 0) {
            return "";
        }
        return text.substring(ix.fieldStart(k), ix.fieldEnd(k));
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

    /** Number of repetitions of field n (0 when the field is empty); constant time once the segment is indexed. */
    public int repetitionCount(int n) {
        if (header && n == 1) {
            return 1;
        }
        Index ix = index();
        int k = splitNumber(ix, n);
        if (k < 0 || ix.fieldStart(k) == ix.fieldEnd(k)) {
            return 0;
        }
        if (header && n <= 2) {
            return 1;
        }
        return parts(ix, k).reps;
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
     * Range of one repetition / component / subcomponent (all 1-based; 0 means "whole"), start in the high and end in
     * the low 32 bits, or -1 when absent or empty. Constant time for fields, repetitions and components.
     */
    private long range(int field, int rep, int comp, int sub) {
        Index ix = index();
        int k = splitNumber(ix, field);
        if (k < 0) {
            return -1;
        }
        int a;
        int b;
        if (rep > 0) {
            Parts p = parts(ix, k);
            if (rep > p.reps) {
                return -1;
            }
            int c0 = p.repComp[rep - 1];
            int c1 = p.repComp[rep];
            if (comp > 0) {
                if (comp > c1 - c0) {
                    return -1;
                }
                a = p.compStart[c0 + comp - 1];
                b = p.compEnd[c0 + comp - 1];
            } else {
                a = p.compStart[c0];
                b = p.compEnd[c1 - 1];
            }
        } else {
            a = ix.fieldStart(k);
            b = ix.fieldEnd(k);
            if (a == b) {
                return -1;
            }
            if (comp > 0) { // components of the whole field (repetition separators read as text): rare
                long r = components.range(text, a, b, delimiters.component(), comp);
                if (r < 0) {
                    return -1;
                }
                a = (int) (r >>> 32);
                b = (int) r;
            }
        }
        if (comp > 0 && sub > 0) {
            long r = subcomponents.range(text, a, b, delimiters.subcomponent(), sub);
            if (r < 0) {
                return -1;
            }
            a = (int) (r >>> 32);
            b = (int) r;
        }
        return ((long) a << 32) | b;
    }

    /** Raw text of one repetition / component / subcomponent (all 1-based; 0 means "whole"). */
    public String raw(int field, int rep, int comp, int sub) {
        if (header && field <= 2) {
            String f = field(field);
            return (comp <= 1 && sub <= 1 && rep <= 1) ? f : "";
        }
        long r = range(field, rep, comp, sub);
        return r < 0 ? "" : text.substring((int) (r >>> 32), (int) r);
    }

    /** True if the raw text at this place is exactly {@code s} (e.g. the HL7 null {@code ""}), without copying it. */
    public boolean rawEquals(String s, int field, int rep, int comp, int sub) {
        if (header && field <= 2) {
            return raw(field, rep, comp, sub).equals(s);
        }
        long r = range(field, rep, comp, sub);
        if (r < 0) {
            return s.isEmpty();
        }
        int a = (int) (r >>> 32);
        int b = (int) r;
        return b - a == s.length() && text.startsWith(s, a);
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
        if (header && field <= 2) {
            return raw(field, rep, comp, sub);
        }
        long r = range(field, rep, comp, sub);
        if (r < 0) {
            return "";
        }
        int a = (int) (r >>> 32);
        int b = (int) r;
        while (b > a && text.charAt(b - 1) == ' ') {
            b--;
        }
        return Hl7Escapes.unescape(text.substring(a, b), delimiters);
    }

    /** Decoded field value of the first repetition, first component. */
    public String value(int field) {
        return value(field, 1, 1, 0);
    }

    @Override
    public String toString() {
        return id();
    }
}
