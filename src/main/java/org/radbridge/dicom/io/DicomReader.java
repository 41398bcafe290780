package org.radbridge.dicom.io;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.VR;

/**
 * Parses a data set from bytes (PS3.5 7: data elements, 7.1 explicit/implicit VR, 7.5 nested data sets
 * with defined or undefined length sequences and items, 7.3 byte ordering).
 *
 * <p>Text is decoded with the Specific Character Set in force (the data set's own (0008,0005), else
 * the one inherited from the enclosing data set). An SQ element, an implicit VR element of undefined
 * length, and a UN element of undefined length (PS3.5 6.2.2, whose content is implicit VR little
 * endian) are read as sequences. Group length elements are skipped. Every length is checked against
 * the bytes available, so malformed input raises {@link DicomFormatException}, never an
 * out-of-bounds error.
 */
public final class DicomReader {

    private static final int UNDEFINED = -1;
    private static final int MAX_DEPTH = 32;

    private final byte[] b;
    private int pos;
    private final int limit;
    private boolean explicit;
    private boolean bigEndian;
    private int depth;

    private DicomReader(byte[] b, int off, int len, TransferSyntax ts) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IllegalArgumentException("bad range");
        }
        this.b = b;
        this.pos = off;
        this.limit = off + len;
        this.explicit = ts.explicitVR();
        this.bigEndian = ts.bigEndian();
    }

    /** Reads a whole data set encoded in ts. */
    public static Attributes read(byte[] b, TransferSyntax ts) throws DicomFormatException {
        return read(b, 0, b.length, ts, SpecificCharacterSet.DEFAULT);
    }

    /** Reads a data set from b[off, off+len) encoded in ts, with an inherited character set. */
    public static Attributes read(byte[] b, int off, int len, TransferSyntax ts, SpecificCharacterSet cs)
            throws DicomFormatException {
        DicomReader r = new DicomReader(b, off, len, ts);
        Attributes a = new Attributes();
        r.readDataset(a, r.limit, cs, false, -1);
        return a;
    }

    /**
     * Reads the leading elements of one group (e.g. 0002, the File Meta Information, always explicit
     * VR little endian) and returns the offset of the first element of another group.
     */
    static int readGroup(byte[] b, int off, int group, Attributes into) throws DicomFormatException {
        DicomReader r = new DicomReader(b, off, b.length - off, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        r.readDataset(into, r.limit, SpecificCharacterSet.DEFAULT, false, group);
        return r.pos;
    }

    private void readDataset(Attributes into, int end, SpecificCharacterSet inherited, boolean undefinedItem,
            int onlyGroup) throws DicomFormatException {
        if (++depth > MAX_DEPTH) {
            throw new DicomFormatException("sequences nested deeper than " + MAX_DEPTH);
        }
        SpecificCharacterSet cs = inherited;
        while (pos < end) {
            if (onlyGroup >= 0 && (end - pos < 2 || u16(pos) != onlyGroup)) {
                break;
            }
            int tagPos = pos;
            int tag = readTag();
            if (tag == Tag.ItemDelimitationItem) {
                readU32();
                if (!undefinedItem) {
                    throw new DicomFormatException("unexpected item delimiter at offset " + tagPos);
                }
                depth--;
                return;
            }
            if ((tag >>> 16) == 0xFFFE) {
                throw new DicomFormatException("unexpected " + Dictionary.toString(tag) + " at offset " + tagPos);
            }
            VR vr;
            int len;
            if (explicit) {
                need(2);
                int code = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
                pos += 2;
                vr = VR.fromCode(code);
                if (vr == null || vr.hasLongLength()) {
                    need(2);
                    pos += 2;
                    len = readU32();
                    if (vr == null) {
                        vr = VR.UN;
                    }
                } else {
                    len = readU16();
                }
            } else {
                vr = Dictionary.vrOf(tag);
                len = readU32();
            }
            if (len == UNDEFINED || vr == VR.SQ) {
                if (len == UNDEFINED && vr != VR.SQ && vr != VR.UN && explicit) {
                    throw new DicomFormatException("undefined length " + vr + " element "
                            + Dictionary.toString(tag) + " (encapsulated data is not supported)");
                }
                Sequence seq = new Sequence();
                boolean saveExplicit = explicit, saveBig = bigEndian;
                if (vr == VR.UN) {
                    explicit = false;
                    bigEndian = false;
                }
                readSequence(seq, len, end, cs);
                explicit = saveExplicit;
                bigEndian = saveBig;
                into.setValue(tag, VR.SQ, seq);
                continue;
            }
            if (len < 0 || len > end - pos) {
                throw new DicomFormatException("length " + Integer.toUnsignedString(len) + " of "
                        + Dictionary.toString(tag) + " exceeds the remaining " + (end - pos) + " bytes");
            }
            if ((tag & 0xFFFF) == 0 && vr == VR.UL) {
                pos += len; // group length: recomputed by writers
                continue;
            }
            Object value = len == 0 ? null : decode(vr, len, tag == Tag.SpecificCharacterSet ? SpecificCharacterSet.DEFAULT : cs);
            pos += len;
            into.setValue(tag, vr, value);
            if (tag == Tag.SpecificCharacterSet) {
                cs = SpecificCharacterSet.valueOf(into.specificCharacterSet());
            }
        }
        if (undefinedItem && onlyGroup < 0) {
            throw new DicomFormatException("item without item delimiter");
        }
        depth--;
    }

    private void readSequence(Sequence seq, int len, int outerEnd, SpecificCharacterSet cs) throws DicomFormatException {
        int end;
        if (len == UNDEFINED) {
            end = outerEnd;
        } else {
            if (len < 0 || len > outerEnd - pos) {
                throw new DicomFormatException("sequence length exceeds the data available");
            }
            end = pos + len;
        }
        while (pos < end) {
            int tagPos = pos;
            int tag = readTag();
            int itemLen = readU32();
            if (tag == Tag.SequenceDelimitationItem) {
                if (len != UNDEFINED) {
                    throw new DicomFormatException("sequence delimiter in defined length sequence at " + tagPos);
                }
                return;
            }
            if (tag != Tag.Item) {
                throw new DicomFormatException("expected item tag, found " + Dictionary.toString(tag) + " at " + tagPos);
            }
            Attributes item = new Attributes();
            if (itemLen == UNDEFINED) {
                readDataset(item, end, cs, true, -1);
            } else {
                if (itemLen < 0 || itemLen > end - pos) {
                    throw new DicomFormatException("item length exceeds the sequence at " + tagPos);
                }
                readDataset(item, pos + itemLen, cs, false, -1);
            }
            seq.add(item);
        }
        if (len == UNDEFINED) {
            throw new DicomFormatException("sequence without sequence delimiter");
        }
    }

    private Object decode(VR vr, int len, SpecificCharacterSet cs) throws DicomFormatException {
        switch (vr.kind()) {
            case ASCII:
                return stripPadding(SpecificCharacterSet.DEFAULT.decode(b, pos, len));
            case TEXT:
                return stripPadding(cs.decode(b, pos, len));
            case INT: {
                int size = vr.valueSize();
                int n = len / size;
                long[] v = new long[n];
                for (int i = 0, p = pos; i < n; i++, p += size) {
                    v[i] = switch (vr) {
                        case US -> u16(p);
                        case SS -> (short) u16(p);
                        case UL -> u32(p) & 0xFFFFFFFFL;
                        case SL -> u32(p);
                        case AT -> ((long) u16(p) << 16) | u16(p + 2);
                        default -> u64(p);
                    };
                }
                return v;
            }
            case FLOAT: {
                int size = vr.valueSize();
                int n = len / size;
                double[] v = new double[n];
                for (int i = 0, p = pos; i < n; i++, p += size) {
                    v[i] = size == 4 ? Float.intBitsToFloat(u32(p)) : Double.longBitsToDouble(u64(p));
                }
                return v;
            }
            case BINARY: {
                byte[] v = new byte[len];
                System.arraycopy(b, pos, v, 0, len);
                if (bigEndian && vr.valueSize() > 1) {
                    ByteSwap.swap(v, vr.valueSize());
                }
                return v;
            }
            default:
                throw new DicomFormatException("unexpected " + vr);
        }
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    private void need(int n) throws DicomFormatException {
        if (limit - pos < n) {
            throw new DicomFormatException("unexpected end of data at offset " + pos);
        }
    }

    private int readTag() throws DicomFormatException {
        need(4);
        int tag = (u16(pos) << 16) | u16(pos + 2);
        pos += 4;
        return tag;
    }

    private int readU16() throws DicomFormatException {
        need(2);
        int v = u16(pos);
        pos += 2;
        return v;
    }

    private int readU32() throws DicomFormatException {
        need(4);
        int v = u32(pos);
        pos += 4;
        return v;
    }

    private int u16(int p) {
        return bigEndian ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    private int u32(int p) {
        return bigEndian ? (u16(p) << 16) | u16(p + 2) : u16(p) | (u16(p + 2) << 16);
    }

    private long u64(int p) {
        long lo = u32(p) & 0xFFFFFFFFL, hi = u32(p + 4) & 0xFFFFFFFFL;
        return bigEndian ? (lo << 32) | hi : (hi << 32) | lo;
    }
}
