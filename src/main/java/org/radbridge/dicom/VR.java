package org.radbridge.dicom;

/**
 * Value Representations, PS3.5 6.2 (Table 6.2-1).
 *
 * <p>Each VR knows how it is encoded: whether explicit VR transfer syntaxes use the 4-byte length form
 * (PS3.5 7.1.2, Table 7.1-1), which byte pads an odd length (PS3.5 6.2: NUL for UI and binary VRs,
 * space for text), whether its text is subject to the Specific Character Set (PS3.5 6.1.2.3) and whether
 * it may hold several values separated by backslash.
 */
public enum VR {
    AE(Kind.ASCII, false, ' ', true), AS(Kind.ASCII, false, ' ', true), AT(Kind.INT, false, 0, true, 4),
    CS(Kind.ASCII, false, ' ', true), DA(Kind.ASCII, false, ' ', true), DS(Kind.ASCII, false, ' ', true),
    DT(Kind.ASCII, false, ' ', true), FD(Kind.FLOAT, false, 0, true, 8), FL(Kind.FLOAT, false, 0, true, 4),
    IS(Kind.ASCII, false, ' ', true), LO(Kind.TEXT, false, ' ', true), LT(Kind.TEXT, false, ' ', false),
    OB(Kind.BINARY, true, 0, false, 1), OD(Kind.BINARY, true, 0, false, 8), OF(Kind.BINARY, true, 0, false, 4),
    OL(Kind.BINARY, true, 0, false, 4), OV(Kind.BINARY, true, 0, false, 8), OW(Kind.BINARY, true, 0, false, 2),
    PN(Kind.TEXT, false, ' ', true), SH(Kind.TEXT, false, ' ', true), SL(Kind.INT, false, 0, true, 4),
    SQ(Kind.SEQUENCE, true, 0, false), SS(Kind.INT, false, 0, true, 2), ST(Kind.TEXT, false, ' ', false),
    SV(Kind.INT, true, 0, true, 8), TM(Kind.ASCII, false, ' ', true), UC(Kind.TEXT, true, ' ', true),
    UI(Kind.ASCII, false, 0, true), UL(Kind.INT, false, 0, true, 4), UN(Kind.BINARY, true, 0, false, 1),
    UR(Kind.ASCII, true, ' ', false), US(Kind.INT, false, 0, true, 2), UT(Kind.TEXT, true, ' ', false),
    UV(Kind.INT, true, 0, true, 8);

    /** How values of a VR are held in {@link Attributes}. */
    public enum Kind {
        /** Text in the default repertoire (never affected by Specific Character Set). Held as String. */
        ASCII,
        /** Text subject to Specific Character Set (SH, LO, ST, LT, UC, UT, PN). Held as String. */
        TEXT,
        /** Binary integers (US, SS, UL, SL, AT, SV, UV). Held as long[]. */
        INT,
        /** Binary floating point (FL, FD). Held as double[]. */
        FLOAT,
        /** Opaque bytes (OB, OW, OD, OF, OL, OV, UN), held little endian. */
        BINARY,
        /** Sequence of items. Held as {@link Sequence}. */
        SEQUENCE
    }

    private final Kind kind;
    private final boolean longLength;
    private final int padding;
    private final boolean multiValued;
    private final int valueSize;

    VR(Kind kind, boolean longLength, int padding, boolean multiValued) {
        this(kind, longLength, padding, multiValued, 0);
    }

    VR(Kind kind, boolean longLength, int padding, boolean multiValued, int valueSize) {
        this.kind = kind;
        this.longLength = longLength;
        this.padding = padding;
        this.multiValued = multiValued;
        this.valueSize = valueSize;
    }

    public Kind kind() {
        return kind;
    }

    /** True if explicit VR encodings use 2 reserved bytes and a 4-byte length (PS3.5 Table 7.1-1). */
    public boolean hasLongLength() {
        return longLength;
    }

    /** Byte used to pad values to even length (PS3.5 6.2). */
    public int paddingByte() {
        return padding;
    }

    /** True for string VRs whose values are separated by backslash (PS3.5 6.4). */
    public boolean isMultiValuedString() {
        return (kind == Kind.ASCII || kind == Kind.TEXT) && multiValued;
    }

    public boolean isString() {
        return kind == Kind.ASCII || kind == Kind.TEXT;
    }

    /** Bytes per value for binary numeric VRs and the swap unit of OW/OF/OL/OD/OV; 1 for OB/UN; 0 otherwise. */
    public int valueSize() {
        return valueSize;
    }

    /** Two-byte code as found in explicit VR encodings, e.g. 0x504E for PN. */
    public int code() {
        return (name().charAt(0) << 8) | name().charAt(1);
    }

    /** VR for an explicit VR code, or null if the code is not a VR known to this implementation. */
    public static VR fromCode(int code) {
        int a = (code >> 8) & 0xFF, b = code & 0xFF;
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return null;
        }
        return BY_CODE[(a - 'A') * 26 + (b - 'A')];
    }

    /** The VRs by their two letters (a table, not valueOf: Enum.valueOf's map of two-letter names collides badly). */
    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR v : values()) {
            String n = v.name();
            if (n.length() == 2 && n.charAt(0) >= 'A' && n.charAt(0) <= 'Z' && n.charAt(1) >= 'A' && n.charAt(1) <= 'Z') {
                BY_CODE[(n.charAt(0) - 'A') * 26 + (n.charAt(1) - 'A')] = v;
            }
        }
    }
}
