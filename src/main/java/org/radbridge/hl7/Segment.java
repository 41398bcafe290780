package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * One HL7 v2 segment, kept as its original text (HL7 v2.5 2.5.2 "Segments") and indexed on first access by one pass
 * over it: the offsets of every field, repetition and component, so that reading any of them afterwards is constant
 * time (no re-splitting per access, linear in the segment's length however many parts it has; subcomponents are
 * indexed per component read). Field numbers follow HL7: for MSH, field 1 is the field separator and field 2 the
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
    /** Offsets of every field, repetition and component, built by one pass over the text on first access. */
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
     * The segment's structure (HL7 v2.5 2.5.2-2.5.5: field, repetition and component separators), from one pass over
     * its text: field k (split numbering: 0 is the segment id) has the repetitions {@code fieldRep[k]} to
     * {@code fieldRep[k+1]-1}, repetition r the components {@code repComp[r]} to {@code repComp[r+1]-1}, and component c
     * the text {@code [compStart[c], compEnd[c])}. Immutable (final fields): safe to share once built.
     */
    private static final class Index {
        final int count;
        final int[] fieldRep;
        final int[] repComp;
        final int[] compStart;
        final int[] compEnd;

        Index(String text, Delimiters d, boolean header) {
            char fs = d.field();
            char rs = d.repetition();
            char cs = d.component();
            int n = text.length();
            int[] fr = new int[16];
            int[] rc = new int[24];
            int[] st = new int[48];
            int[] en = new int[48];
            int fields = 0;
            int reps = 0;
            int comps = 0;
            // field 0 (the segment id) starts here
            fr[fields++] = reps;
            rc[reps++] = comps;
            st[comps] = 0;
            // the next field, repetition and component separator (String.indexOf: a vectorised search); MAX: none left
            int nf = next(text, fs, 0);
            int nr = rs == 0 || rs == fs ? Integer.MAX_VALUE : next(text, rs, 0);
            int nc = cs == 0 || cs == fs || cs == rs ? Integer.MAX_VALUE : next(text, cs, 0);
            while (true) {
                int i = Math.min(nf, Math.min(nr, nc));
                if (i == Integer.MAX_VALUE) {
                    break;
                }
                boolean opaque = header && fields == 2; // MSH-2: the encoding characters themselves
                if (i == nf) {
                    nf = next(text, fs, i + 1);
                    en[comps++] = i;
                    if (fields + 1 >= fr.length) {
                        fr = java.util.Arrays.copyOf(fr, fr.length * 2);
                    }
                    fr[fields++] = reps;
                } else if (i == nr) {
                    nr = next(text, rs, i + 1);
                    if (opaque) {
                        continue;
                    }
                    en[comps++] = i;
                } else {
                    nc = next(text, cs, i + 1);
                    if (opaque) {
                        continue;
                    }
                    en[comps++] = i;
                    if (comps + 1 >= st.length) {
                        st = java.util.Arrays.copyOf(st, st.length * 2);
                        en = java.util.Arrays.copyOf(en, en.length * 2);
                    }
                    st[comps] = i + 1;
                    continue;
                }
                // a new repetition starts after a field or repetition separator
                if (reps + 1 >= rc.length) {
                    rc = java.util.Arrays.copyOf(rc, rc.length * 2);
                }
                rc[reps++] = comps;
                if (comps + 1 >= st.length) {
                    st = java.util.Arrays.copyOf(st, st.length * 2);
                    en = java.util.Arrays.copyOf(en, en.length * 2);
                }
                st[comps] = i + 1;
            }
            en[comps++] = n;
            fr[fields] = reps;
            rc[reps] = comps;
            this.count = fields;
            this.fieldRep = fr;
            this.repComp = rc;
            this.compStart = st;
            this.compEnd = en;
        }

        private static int next(String text, char c, int from) {
            int i = text.indexOf(c, from);
            return i < 0 ? Integer.MAX_VALUE : i;
        }

        int fieldStart(int k) {
            return compStart[repComp[fieldRep[k]]];
        }

        int fieldEnd(int k) {
            return compEnd[repComp[fieldRep[k + 1]] - 1];
        }
    }

    private Index index() {
        Index ix = index;
        if (ix == null) {
            ix = new Index(text, delimiters, header);
            index = ix;
        }
        return ix;
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
        return ix.fieldRep[k + 1] - ix.fieldRep[k];
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
            int r0 = ix.fieldRep[k];
            if (rep > ix.fieldRep[k + 1] - r0) {
                return -1;
            }
            int r = r0 + rep - 1;
            int c0 = ix.repComp[r];
            int c1 = ix.repComp[r + 1];
            if (ix.compStart[c0] == ix.compEnd[c1 - 1] && ix.fieldStart(k) == ix.fieldEnd(k)) {
                return -1;
            }
            if (comp > 0) {
                if (comp > c1 - c0) {
                    return -1;
                }
                a = ix.compStart[c0 + comp - 1];
                b = ix.compEnd[c0 + comp - 1];
            } else {
                a = ix.compStart[c0];
                b = ix.compEnd[c1 - 1];
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
