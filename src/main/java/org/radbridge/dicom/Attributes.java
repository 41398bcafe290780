package org.radbridge.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A DICOM data set (PS3.5 7): data elements ordered by tag, values kept typed.
 *
 * <p>Values are held per {@link VR.Kind}: strings (all string VRs) as Java Strings with the backslash
 * value delimiter kept and trailing padding removed; binary integers as {@code long[]}; FL/FD as
 * {@code double[]}; OB/OW/OD/OF/OL/OV/UN as little endian {@code byte[]}; SQ as {@link Sequence}.
 * A {@code null} value is a zero-length element. Text is decoded from its Specific Character Set on
 * read, so everything here is Unicode; the writer encodes it again. Group length elements
 * (gggg,0000) are not kept: writers compute them where required.
 *
 * <p>Not thread-safe.
 */
public final class Attributes implements Iterable<Attributes.Element> {

    /** One data element: tag, VR and a value of the type given by the VR's kind, or null if empty. */
    public static final class Element {
        private final int tag;
        private final VR vr;
        private final Object value;

        Element(int tag, VR vr, Object value) {
            this.tag = tag;
            this.vr = Objects.requireNonNull(vr, "vr");
            this.value = value;
        }

        public int tag() {
            return tag;
        }

        public VR vr() {
            return vr;
        }

        /** String, long[], double[], byte[], Sequence, or null for a zero-length element. */
        public Object value() {
            return value;
        }

        public boolean isEmpty() {
            if (value == null) {
                return true;
            }
            if (value instanceof String s) {
                return s.isEmpty();
            }
            if (value instanceof Sequence s) {
                return s.isEmpty();
            }
            if (value instanceof long[] l) {
                return l.length == 0;
            }
            if (value instanceof double[] d) {
                return d.length == 0;
            }
            return ((byte[]) value).length == 0;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Element e) || e.tag != tag || e.vr != vr) {
                return false;
            }
            if (isEmpty() || e.isEmpty()) {
                return isEmpty() && e.isEmpty();
            }
            return Objects.deepEquals(value, e.value);
        }

        @Override
        public int hashCode() {
            return tag * 31 + vr.hashCode();
        }

        @Override
        public String toString() {
            return Dictionary.toString(tag) + " " + vr + " " + Values.toDisplayString(this);
        }
    }

    /**
     * By {@link #key}: the tag with its sign bit flipped, so that the natural (signed) order of the keys is the
     * unsigned order of the tags (PS3.5 7.1) without a comparator call per lookup.
     */
    private final TreeMap<Integer, Element> elements = new TreeMap<>();

    private static Integer key(int tag) {
        return tag ^ Integer.MIN_VALUE;
    }

    public Attributes() {
    }

    // ---------------------------------------------------------------- access

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(int tag) {
        return elements.containsKey(key(tag));
    }

    /** True if the element is present with a non-empty value. */
    public boolean containsValue(int tag) {
        Element e = elements.get(key(tag));
        return e != null && !e.isEmpty();
    }

    public Element get(int tag) {
        return elements.get(key(tag));
    }

    /** VR of a present element, or null. */
    public VR getVR(int tag) {
        Element e = elements.get(key(tag));
        return e == null ? null : e.vr();
    }

    /** Tags in ascending (unsigned) order. */
    public List<Integer> tags() {
        List<Integer> tags = new ArrayList<>(elements.size());
        for (Integer k : elements.keySet()) {
            tags.add(k ^ Integer.MIN_VALUE);
        }
        return tags;
    }

    @Override
    public Iterator<Element> iterator() {
        return Collections.unmodifiableCollection(elements.values()).iterator();
    }

    public Collection<Element> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    /** First value as a string, or null if absent or empty. Works for every VR except SQ. */
    public String getString(int tag) {
        String[] v = getStrings(tag);
        return v.length == 0 || v[0].isEmpty() ? null : v[0];
    }

    public String getString(int tag, String defaultValue) {
        String s = getString(tag);
        return s == null ? defaultValue : s;
    }

    /** All values as strings (split at backslash for multi-valued string VRs); empty if absent. */
    public String[] getStrings(int tag) {
        Element e = elements.get(key(tag));
        return e == null ? new String[0] : Values.toStrings(e);
    }

    /** The whole string value as held (backslashes kept), or null if absent or not a string VR. */
    public String getRawString(int tag) {
        Element e = elements.get(key(tag));
        return e != null && e.value() instanceof String s ? s : null;
    }

    /** First value as int (binary integer VRs and IS/DS), or the default. */
    public int getInt(int tag, int defaultValue) {
        long[] v = getLongs(tag);
        return v.length == 0 ? defaultValue : (int) v[0];
    }

    /** Integer values of US/SS/UL/SL/AT/SV/UV, or parsed from IS/DS; empty if absent. */
    public long[] getLongs(int tag) {
        Element e = elements.get(key(tag));
        return e == null ? new long[0] : Values.toLongs(e);
    }

    /** First value as double (FL/FD, integer VRs, DS/IS), or the default. */
    public double getDouble(int tag, double defaultValue) {
        Element e = elements.get(key(tag));
        double[] v = e == null ? new double[0] : Values.toDoubles(e);
        return v.length == 0 ? defaultValue : v[0];
    }

    /** Raw little endian bytes of a binary element, or null. */
    public byte[] getBytes(int tag) {
        Element e = elements.get(key(tag));
        return e != null && e.value() instanceof byte[] b ? b : null;
    }

    /** The sequence of an SQ element, or null. */
    public Sequence getSequence(int tag) {
        Element e = elements.get(key(tag));
        return e != null && e.value() instanceof Sequence s ? s : null;
    }

    /** First item of a sequence, or null. */
    public Attributes getNestedItem(int sequenceTag) {
        Sequence s = getSequence(sequenceTag);
        return s == null || s.isEmpty() ? null : s.get(0);
    }

    /** The values of (0008,0005) Specific Character Set, empty if absent. */
    public String[] specificCharacterSet() {
        Element e = elements.get(key(Tag.SpecificCharacterSet));
        if (e == null || !(e.value() instanceof String s)) {
            return new String[0];
        }
        return s.split("\\\\", -1);
    }

    // ---------------------------------------------------------------- mutation

    /** Sets a string element; values are joined with backslash. No values gives a zero-length element. */
    public Attributes setString(int tag, VR vr, String... values) {
        if (!vr.isString()) {
            if (vr.kind() == VR.Kind.INT || vr.kind() == VR.Kind.FLOAT) {
                return put(tag, vr, Values.parseNumbers(vr, values));
            }
            throw new IllegalArgumentException(vr + " is not a string VR");
        }
        String v = values == null || values.length == 0 ? null : String.join("\\", nullsToEmpty(values));
        return put(tag, vr, v);
    }

    /** Sets a string element with the VR from the dictionary. */
    public Attributes setString(int tag, String... values) {
        return setString(tag, Dictionary.vrOf(tag), values);
    }

    /** Sets binary integer values (US, SS, UL, SL, AT, SV, UV) or IS/DS from ints. */
    public Attributes setInt(int tag, VR vr, int... values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = vr == VR.UL || vr == VR.AT ? Integer.toUnsignedLong(values[i]) : values[i];
        }
        return setLong(tag, vr, l);
    }

    public Attributes setLong(int tag, VR vr, long... values) {
        switch (vr.kind()) {
            case INT:
                return put(tag, vr, values.clone());
            case FLOAT: {
                double[] d = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    d[i] = values[i];
                }
                return put(tag, vr, d);
            }
            case ASCII:
                if (vr == VR.IS || vr == VR.DS) {
                    String[] s = new String[values.length];
                    for (int i = 0; i < values.length; i++) {
                        s[i] = Long.toString(values[i]);
                    }
                    return setString(tag, vr, s);
                }
                // fall through
            default:
                throw new IllegalArgumentException(vr + " cannot hold integers");
        }
    }

    /** Sets FL/FD values, or DS from doubles. */
    public Attributes setDouble(int tag, VR vr, double... values) {
        if (vr.kind() == VR.Kind.FLOAT) {
            return put(tag, vr, values.clone());
        }
        if (vr == VR.DS) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = Values.formatDS(values[i]);
            }
            return setString(tag, vr, s);
        }
        throw new IllegalArgumentException(vr + " cannot hold floating point values");
    }

    /** Sets a binary element (OB, OW, OD, OF, OL, OV, UN) from little endian bytes. */
    public Attributes setBytes(int tag, VR vr, byte[] value) {
        if (vr.kind() != VR.Kind.BINARY) {
            throw new IllegalArgumentException(vr + " is not a binary VR");
        }
        return put(tag, vr, value == null ? null : value.clone());
    }

    /** Sets a zero-length element (a "return key" in a query, or a Type 2 attribute without value). */
    public Attributes setNull(int tag, VR vr) {
        return put(tag, vr, vr == VR.SQ ? new Sequence() : null);
    }

    /** Creates (replacing any) an SQ element and returns its empty sequence. */
    public Sequence newSequence(int tag) {
        Sequence s = new Sequence();
        put(tag, VR.SQ, s);
        return s;
    }

    /** Returns the sequence of tag, creating an empty one if absent. */
    public Sequence ensureSequence(int tag) {
        Sequence s = getSequence(tag);
        return s != null ? s : newSequence(tag);
    }

    /** Puts a raw element. The value must match the VR's kind (see class comment). */
    public Attributes setValue(int tag, VR vr, Object value) {
        return put(tag, vr, value);
    }

    public Element remove(int tag) {
        return elements.remove(key(tag));
    }

    /** Copies every element of other into this (deep copy), replacing elements with equal tags. */
    public Attributes addAll(Attributes other) {
        for (Element e : other.elements.values()) {
            elements.put(key(e.tag()), copyOf(e));
        }
        return this;
    }

    /** Deep copy. */
    public Attributes copy() {
        return new Attributes().addAll(this);
    }

    private Attributes put(int tag, VR vr, Object value) {
        if ((tag >>> 16) == 0xFFFE) {
            throw new IllegalArgumentException("item delimiters are not attributes: " + Dictionary.toString(tag));
        }
        if (value != null && !Values.fits(vr, value)) {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " does not fit VR " + vr);
        }
        elements.put(key(tag), new Element(tag, vr, value));
        return this;
    }

    private static Element copyOf(Element e) {
        Object v = e.value();
        if (v instanceof Sequence s) {
            v = s.copy();
        } else if (v instanceof long[] l) {
            v = l.clone();
        } else if (v instanceof double[] d) {
            v = d.clone();
        } else if (v instanceof byte[] b) {
            v = b.clone();
        }
        return new Element(e.tag(), e.vr(), v);
    }

    private static String[] nullsToEmpty(String[] values) {
        String[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = "";
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- object

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && a.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Integer k : elements.keySet()) {
            h += k ^ Integer.MIN_VALUE; // as the set of tags hashes
        }
        return h;
    }

    /** A dump in the style of dcmdump, values included: for debugging only, it contains PHI. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Values.dump(this, sb, "");
        return sb.toString();
    }

    /** Tag list without values, safe to log. */
    public String toTagString() {
        StringBuilder sb = new StringBuilder("[");
        for (Element e : elements.values()) {
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(Dictionary.toString(e.tag()));
        }
        return sb.append(']').toString();
    }

    static String arraysToString(Object v) {
        if (v instanceof long[] l) {
            return Arrays.toString(l);
        }
        if (v instanceof double[] d) {
            return Arrays.toString(d);
        }
        return String.valueOf(v);
    }
}
