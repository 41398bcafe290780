package org.radbridge.dicom.io;

import java.io.IOException;
import java.io.OutputStream;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.VR;

/**
 * Encodes data sets (PS3.5 7.1 data elements, 7.5 nested data sets, 6.2 padding to even length:
 * UI and binary VRs with NUL, text with space).
 *
 * <p>Text of SH/LO/ST/LT/UC/UT/PN is encoded in the data set's Specific Character Set (an item
 * without its own (0008,0005) uses its parent's), with the transliteration fallback of
 * {@link SpecificCharacterSet#encode}. Sequences and items are written with defined lengths
 * (the DCMTK default) or undefined lengths with delimiters, as configured.
 */
public final class DicomWriter {

    /** How SQ elements and items are delimited (PS3.5 7.5.1 and 7.5.2). */
    public enum SequenceLength { DEFINED, UNDEFINED }

    private final TransferSyntax ts;
    private final SequenceLength sequenceLength;

    public DicomWriter(TransferSyntax ts) {
        this(ts, SequenceLength.DEFINED);
    }

    public DicomWriter(TransferSyntax ts, SequenceLength sequenceLength) {
        this.ts = ts;
        this.sequenceLength = sequenceLength;
    }

    /** Encodes a data set (top level: character set from its own (0008,0005)). */
    public byte[] encode(Attributes data) {
        Buf out = new Buf(ts.bigEndian(), 1024);
        writeDataset(out, data, SpecificCharacterSet.DEFAULT, -1);
        return out.toByteArray();
    }

    public void write(Attributes data, OutputStream out) throws IOException {
        out.write(encode(data));
    }

    /**
     * Encodes a DIMSE command set (PS3.7 6.3.1): implicit VR little endian, group 0000 only, with the
     * Command Group Length (0000,0000) first.
     */
    public static byte[] encodeCommand(Attributes command) {
        Buf body = new Buf(false);
        new DicomWriter(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).writeDataset(body, command, SpecificCharacterSet.DEFAULT, 0);
        Buf out = new Buf(false, body.size() + 12);
        out.u16(0).u16(0).u32(4).u32(body.size());
        out.write(body);
        return out.toByteArray();
    }

    /** Encodes the elements of one group only (File Meta Information uses this with group 2). */
    byte[] encodeGroup(Attributes data, int group) {
        Buf out = new Buf(ts.bigEndian());
        writeDataset(out, data, SpecificCharacterSet.DEFAULT, group);
        return out.toByteArray();
    }

    private void writeDataset(Buf out, Attributes data, SpecificCharacterSet inherited, int onlyGroup) {
        SpecificCharacterSet cs = data.contains(Tag.SpecificCharacterSet)
                ? SpecificCharacterSet.valueOf(data.specificCharacterSet()) : inherited;
        for (Attributes.Element e : data) {
            int tag = e.tag();
            if (onlyGroup >= 0 && (tag >>> 16) != onlyGroup) {
                continue;
            }
            if ((tag & 0xFFFF) == 0) {
                continue; // group lengths are not written into data sets
            }
            if (e.vr() == VR.SQ) {
                writeSequence(out, tag, (Sequence) e.value(), cs);
                continue;
            }
            byte[] value = encodeValue(e, cs);
            writeHeader(out, tag, e.vr(), value.length);
            out.write(value);
        }
    }

    private void writeSequence(Buf out, int tag, Sequence seq, SpecificCharacterSet cs) {
        if (sequenceLength == SequenceLength.UNDEFINED) {
            writeHeader(out, tag, VR.SQ, -1);
            if (seq != null) {
                for (Attributes item : seq) {
                    out.tag(Tag.Item).u32(-1);
                    writeDataset(out, item, cs, -1);
                    out.tag(Tag.ItemDelimitationItem).u32(0);
                }
            }
            out.tag(Tag.SequenceDelimitationItem).u32(0);
            return;
        }
        Buf body = new Buf(ts.bigEndian());
        if (seq != null) {
            for (Attributes item : seq) {
                Buf itemBuf = new Buf(ts.bigEndian());
                writeDataset(itemBuf, item, cs, -1);
                body.tag(Tag.Item).u32(itemBuf.size());
                body.write(itemBuf);
            }
        }
        writeHeader(out, tag, VR.SQ, body.size());
        out.write(body);
    }

    private void writeHeader(Buf out, int tag, VR vr, int len) {
        out.tag(tag);
        if (!ts.explicitVR()) {
            out.u32(len);
            return;
        }
        out.rawByte(vr.name().charAt(0)).rawByte(vr.name().charAt(1));
        if (vr.hasLongLength()) {
            out.u16(0).u32(len);
        } else {
            if (len > 0xFFFF) {
                throw new IllegalArgumentException("value of " + Dictionary.toString(tag) + " too long for " + vr);
            }
            out.u16(len);
        }
    }

    private byte[] encodeValue(Attributes.Element e, SpecificCharacterSet cs) {
        VR vr = e.vr();
        Object v = e.value();
        if (v == null) {
            return new byte[0];
        }
        byte[] bytes;
        switch (vr.kind()) {
            case ASCII:
                bytes = SpecificCharacterSet.DEFAULT.encode((String) v);
                break;
            case TEXT:
                bytes = cs.encode((String) v);
                break;
            case INT: {
                long[] l = (long[]) v;
                Buf b = new Buf(ts.bigEndian());
                for (long x : l) {
                    switch (vr) {
                        case US, SS -> b.u16((int) x);
                        case UL, SL -> b.u32((int) x);
                        case AT -> b.u16((int) (x >>> 16)).u16((int) x);
                        default -> b.u64(x);
                    }
                }
                bytes = b.toByteArray();
                break;
            }
            case FLOAT: {
                Buf b = new Buf(ts.bigEndian());
                for (double d : (double[]) v) {
                    if (vr == VR.FL) {
                        b.u32(Float.floatToIntBits((float) d));
                    } else {
                        b.u64(Double.doubleToLongBits(d));
                    }
                }
                bytes = b.toByteArray();
                break;
            }
            case BINARY:
                bytes = ((byte[]) v).clone();
                if (ts.bigEndian() && vr.valueSize() > 1) {
                    ByteSwap.swap(bytes, vr.valueSize());
                }
                break;
            default:
                throw new IllegalStateException("unexpected " + vr);
        }
        if ((bytes.length & 1) != 0) {
            byte[] padded = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, padded, 0, bytes.length);
            padded[bytes.length] = (byte) vr.paddingByte();
            bytes = padded;
        }
        return bytes;
    }

    /**
     * A growable byte buffer with DICOM byte order. Not a ByteArrayOutputStream: its write(int) is synchronized, a
     * lock per byte of every tag and length written.
     */
    static final class Buf {
        private final boolean bigEndian;
        private byte[] buf;
        private int count;

        Buf(boolean bigEndian) {
            this(bigEndian, 256);
        }

        Buf(boolean bigEndian, int capacity) {
            this.bigEndian = bigEndian;
            this.buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length << 1, count + more));
            }
        }

        void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void write(byte[] b) {
            write(b, 0, b.length);
        }

        /** Appends what another buffer holds. */
        void write(Buf b) {
            write(b.buf, 0, b.count);
        }

        int size() {
            return count;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, count);
        }

        Buf rawByte(int v) {
            write(v);
            return this;
        }

        Buf u16(int v) {
            ensure(2);
            if (bigEndian) {
                buf[count++] = (byte) (v >>> 8);
                buf[count++] = (byte) v;
            } else {
                buf[count++] = (byte) v;
                buf[count++] = (byte) (v >>> 8);
            }
            return this;
        }

        Buf u32(int v) {
            return bigEndian ? u16(v >>> 16).u16(v) : u16(v).u16(v >>> 16);
        }

        Buf u64(long v) {
            return bigEndian ? u32((int) (v >>> 32)).u32((int) v) : u32((int) v).u32((int) (v >>> 32));
        }

        Buf tag(int tag) {
            return u16(tag >>> 16).u16(tag & 0xFFFF);
        }
    }
}
