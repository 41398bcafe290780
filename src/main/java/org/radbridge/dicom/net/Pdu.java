package org.radbridge.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Upper Layer PDU encoding and decoding (PS3.8 9.3, big endian): A-ASSOCIATE-RQ (9.3.2), -AC (9.3.3),
 * -RJ (9.3.4), P-DATA-TF (9.3.5), A-RELEASE-RQ/RP (9.3.6/9.3.7), A-ABORT (9.3.8); user information
 * sub-items of PS3.7 D.3.3 and PS3.8 D.1.
 */
public final class Pdu {

    public static final int A_ASSOCIATE_RQ = 1;
    public static final int A_ASSOCIATE_AC = 2;
    public static final int A_ASSOCIATE_RJ = 3;
    public static final int P_DATA_TF = 4;
    public static final int A_RELEASE_RQ = 5;
    public static final int A_RELEASE_RP = 6;
    public static final int A_ABORT = 7;

    /** A received PDU: its type and variable field. */
    public record Raw(int type, byte[] body) {
    }

    /** One Presentation Data Value item of a P-DATA-TF (PS3.8 9.3.5.1, E.2). */
    public record Pdv(int pcid, boolean command, boolean last, byte[] data, int off, int len) {
    }

    private Pdu() {
    }

    /** Name of a PDU type for logs. */
    public static String name(int type) {
        return switch (type) {
            case A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case P_DATA_TF -> "P-DATA-TF";
            case A_RELEASE_RQ -> "A-RELEASE-RQ";
            case A_RELEASE_RP -> "A-RELEASE-RP";
            case A_ABORT -> "A-ABORT";
            default -> String.format("PDU type 0x%02X", type);
        };
    }

    /**
     * Reads one PDU. An unknown type raises a {@link PduException} (unrecognized-PDU) before its body is
     * read; a length above maxLength raises invalid-PDU-parameter-value; EOF before a header is {@link EOFException}.
     */
    public static Raw read(InputStream in, int maxLength) throws IOException {
        return read(in, maxLength, n -> { });
    }

    /** Reserves memory for received bytes; throws (ending the read) when it may not be held. */
    @FunctionalInterface
    interface Reserver {
        void reserve(int n) throws IOException;
    }

    /** Body bytes read (and reserved) at a time: buffers follow what arrives, not the announced length. */
    static final int READ_CHUNK = 64 * 1024;

    /**
     * The same; the body is read in chunks of up to {@value #READ_CHUNK} bytes, each reserved with {@code reserver}
     * before it is read (the {@link DimseBufferBudget} of an established association).
     */
    static Raw read(InputStream in, int maxLength, Reserver reserver) throws IOException {
        byte[] h = in.readNBytes(6);
        if (h.length == 0) {
            throw new EOFException("connection closed");
        }
        int type = h[0] & 0xFF;
        if (type < A_ASSOCIATE_RQ || type > A_ABORT) {
            throw new PduException(AAbort.UNRECOGNIZED_PDU, "unrecognized PDU type 0x" + Integer.toHexString(type));
        }
        if (h.length < 6) {
            throw new EOFException("connection closed inside a PDU header");
        }
        long len = ((h[2] & 0xFFL) << 24) | ((h[3] & 0xFF) << 16) | ((h[4] & 0xFF) << 8) | (h[5] & 0xFF);
        boolean fixed = type >= A_ASSOCIATE_RJ && type != P_DATA_TF;
        long limit = type == P_DATA_TF ? maxLength : fixed ? 4 : 1 << 20;
        if (len > limit || (fixed && len != 4)) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, Pdu.name(type) + " with length " + len);
        }
        return new Raw(type, readBody(in, (int) len, type, reserver));
    }

    private static byte[] readBody(InputStream in, int len, int type, Reserver reserver) throws IOException {
        if (len <= READ_CHUNK) {
            reserver.reserve(len);
            return readFully(in, len, type);
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int read = 0; read < len; ) {
            int n = Math.min(READ_CHUNK, len - read);
            reserver.reserve(n);
            chunks.add(readFully(in, n, type));
            read += n;
        }
        byte[] body = new byte[len];
        int off = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, body, off, c.length);
            off += c.length;
        }
        return body;
    }

    private static byte[] readFully(InputStream in, int n, int type) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("connection closed inside a " + name(type));
        }
        return b;
    }

    // ------------------------------------------------------------------ A-ASSOCIATE-RQ/AC

    public static byte[] encode(AAssociateRQAC a) {
        boolean rq = a instanceof AAssociateRQ;
        Out o = new Out();
        o.u16(a.protocolVersion()).u16(0).ae(a.calledAE()).ae(a.callingAE()).zeros(32);
        o.item(0x10, ascii(a.applicationContext()));
        for (PresentationContext pc : a.presentationContexts()) {
            Out p = new Out();
            p.u8(pc.id()).u8(0).u8(rq ? 0 : pc.result()).u8(0);
            if (rq) {
                p.item(0x30, ascii(pc.abstractSyntax()));
            }
            for (String ts : pc.transferSyntaxes()) {
                p.item(0x40, ascii(ts));
            }
            if (!rq && pc.transferSyntaxes().isEmpty()) {
                p.item(0x40, new byte[0]);
            }
            o.item(rq ? 0x20 : 0x21, p.toByteArray());
        }
        Out u = new Out();
        u.item(0x51, new Out().u32(a.maxPduLength()).toByteArray());
        u.item(0x52, ascii(a.implementationClassUid()));
        if (a.asyncOpsWindow() != null) {
            u.item(0x53, new Out().u16(a.asyncOpsWindow()[0]).u16(a.asyncOpsWindow()[1]).toByteArray());
        }
        for (RoleSelection rs : a.roleSelections()) {
            byte[] uid = ascii(rs.sopClassUid());
            u.item(0x54, new Out().u16(uid.length).bytes(uid).u8(rs.scu() ? 1 : 0).u8(rs.scp() ? 1 : 0).toByteArray());
        }
        if (a.implementationVersionName() != null && !a.implementationVersionName().isEmpty()) {
            u.item(0x55, ascii(a.implementationVersionName()));
        }
        o.item(0x50, u.toByteArray());
        return frame(rq ? A_ASSOCIATE_RQ : A_ASSOCIATE_AC, o.toByteArray());
    }

    /** Decodes the variable field of an A-ASSOCIATE-RQ or -AC. */
    public static AAssociateRQAC decodeAssociate(int type, byte[] body) throws PduException {
        boolean rq = type == A_ASSOCIATE_RQ;
        AAssociateRQAC a = rq ? new AAssociateRQ() : new AAssociateAC();
        try {
            ByteBuffer b = ByteBuffer.wrap(body);
            a.setProtocolVersion(b.getShort() & 0xFFFF);
            b.getShort();
            a.setCalledAE(ae(b));
            a.setCallingAE(ae(b));
            b.position(b.position() + 32);
            boolean appCtx = false;
            while (b.hasRemaining()) {
                int itemType = b.get() & 0xFF;
                b.get();
                int len = b.getShort() & 0xFFFF;
                ByteBuffer item = slice(b, len);
                switch (itemType) {
                    case 0x10 -> {
                        a.setApplicationContext(str(item));
                        appCtx = true;
                    }
                    case 0x20, 0x21 -> {
                        if (itemType != (rq ? 0x20 : 0x21)) {
                            throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, "presentation context item 0x"
                                    + Integer.toHexString(itemType) + " in " + name(type));
                        }
                        a.addPresentationContext(presentationContext(item, rq));
                    }
                    case 0x50 -> userInformation(item, a);
                    default -> throw new PduException(AAbort.UNRECOGNIZED_PDU_PARAMETER,
                            "unrecognized item 0x" + Integer.toHexString(itemType) + " in " + name(type));
                }
            }
            if (!appCtx) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "no application context item");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "malformed " + name(type));
        }
        return a;
    }

    private static PresentationContext presentationContext(ByteBuffer b, boolean rq) throws PduException {
        int id = b.get() & 0xFF;
        b.get();
        int result = b.get() & 0xFF;
        b.get();
        String as = null;
        List<String> ts = new ArrayList<>();
        while (b.hasRemaining()) {
            int t = b.get() & 0xFF;
            b.get();
            ByteBuffer sub = slice(b, b.getShort() & 0xFFFF);
            if (t == 0x30) {
                as = str(sub);
            } else if (t == 0x40) {
                String s = str(sub);
                if (!s.isEmpty()) {
                    ts.add(s);
                }
            } else {
                throw new PduException(AAbort.UNRECOGNIZED_PDU_PARAMETER, "unrecognized sub-item 0x" + Integer.toHexString(t));
            }
        }
        if ((id & 1) == 0 || (rq && (as == null || ts.isEmpty()))) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "invalid presentation context " + id);
        }
        return new PresentationContext(id, as, ts, rq ? 0 : result);
    }

    private static void userInformation(ByteBuffer b, AAssociateRQAC a) {
        while (b.hasRemaining()) {
            int t = b.get() & 0xFF;
            b.get();
            ByteBuffer sub = slice(b, b.getShort() & 0xFFFF);
            switch (t) {
                case 0x51 -> a.setMaxPduLength(sub.getInt());
                case 0x52 -> a.setImplementationClassUid(str(sub));
                case 0x53 -> a.setAsyncOpsWindow(new int[] {sub.getShort() & 0xFFFF, sub.getShort() & 0xFFFF});
                case 0x54 -> {
                    ByteBuffer uid = slice(sub, sub.getShort() & 0xFFFF);
                    a.roleSelections().add(new RoleSelection(str(uid), sub.get() != 0, sub.get() != 0));
                }
                case 0x55 -> a.setImplementationVersionName(str(sub));
                case 0x58, 0x59 -> a.setUserIdentity(true);
                default -> {
                    // 0x56/0x57 extended negotiation and unknown sub-items: tolerated, ignored
                }
            }
        }
    }

    // ------------------------------------------------------------------ other PDUs

    public static byte[] encode(AAssociateRJ rj) {
        return frame(A_ASSOCIATE_RJ, new byte[] {0, (byte) rj.result(), (byte) rj.source(), (byte) rj.reason()});
    }

    public static AAssociateRJ decodeReject(byte[] body) {
        return new AAssociateRJ(body[1] & 0xFF, body[2] & 0xFF, body[3] & 0xFF);
    }

    public static byte[] encode(AAbort abort) {
        return frame(A_ABORT, new byte[] {0, 0, (byte) abort.source(), (byte) abort.reason()});
    }

    public static AAbort decodeAbort(byte[] body) {
        return new AAbort(body[2] & 0xFF, body[3] & 0xFF);
    }

    public static byte[] releaseRQ() {
        return frame(A_RELEASE_RQ, new byte[4]);
    }

    public static byte[] releaseRP() {
        return frame(A_RELEASE_RP, new byte[4]);
    }

    /** Splits a P-DATA-TF variable field into its PDV items. */
    public static List<Pdv> decodePData(byte[] body) throws PduException {
        List<Pdv> out = new ArrayList<>(2);
        int p = 0;
        while (p < body.length) {
            if (body.length - p < 6) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "truncated PDV item");
            }
            long len = ((body[p] & 0xFFL) << 24) | ((body[p + 1] & 0xFF) << 16) | ((body[p + 2] & 0xFF) << 8) | (body[p + 3] & 0xFF);
            if (len < 2 || len > body.length - p - 4) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "PDV item length " + len);
            }
            int pcid = body[p + 4] & 0xFF;
            int mch = body[p + 5] & 0xFF;
            out.add(new Pdv(pcid, (mch & 1) != 0, (mch & 2) != 0, body, p + 6, (int) len - 2));
            p += 4 + (int) len;
        }
        if (out.isEmpty()) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without PDV");
        }
        return out;
    }

    /** A P-DATA-TF with one PDV (PS3.8 9.3.5). */
    public static byte[] pData(int pcid, boolean command, boolean last, byte[] data, int off, int len) {
        Out o = new Out();
        o.u8(P_DATA_TF).u8(0).u32(len + 6).u32(len + 2).u8(pcid).u8((command ? 1 : 0) | (last ? 2 : 0));
        o.write(data, off, len);
        return o.toByteArray();
    }

    /** The 12 bytes before a PDV's value in a P-DATA-TF of that one PDV ({@link #pData}), written into {@code h}. */
    static void pDataHeader(byte[] h, int pcid, boolean command, boolean last, int len) {
        int pdu = len + 6;
        int pdv = len + 2;
        h[0] = (byte) P_DATA_TF;
        h[1] = 0;
        h[2] = (byte) (pdu >>> 24);
        h[3] = (byte) (pdu >>> 16);
        h[4] = (byte) (pdu >>> 8);
        h[5] = (byte) pdu;
        h[6] = (byte) (pdv >>> 24);
        h[7] = (byte) (pdv >>> 16);
        h[8] = (byte) (pdv >>> 8);
        h[9] = (byte) pdv;
        h[10] = (byte) pcid;
        h[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] frame(int type, byte[] body) {
        Out o = new Out();
        o.u8(type).u8(0).u32(body.length).bytes(body);
        return o.toByteArray();
    }

    private static ByteBuffer slice(ByteBuffer b, int len) {
        if (len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer s = b.slice();
        s.limit(len);
        b.position(b.position() + len);
        return s;
    }

    private static String str(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        String s = new String(bytes, StandardCharsets.US_ASCII);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** A 16-byte AE title field (PS3.8 Table 9-11): leading and trailing spaces (and NUL padding) are not significant. */
    private static String ae(ByteBuffer b) {
        byte[] bytes = new byte[16];
        b.get(bytes);
        int start = 0;
        int end = 16;
        while (start < end && (bytes[start] == ' ' || bytes[start] == 0)) {
            start++;
        }
        while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == 0)) {
            end--;
        }
        return new String(bytes, start, end - start, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Big endian output buffer. */
    private static final class Out extends ByteArrayOutputStream {
        Out u8(int v) {
            write(v);
            return this;
        }

        Out u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Out u32(int v) {
            return u16(v >>> 16).u16(v);
        }

        Out zeros(int n) {
            write(new byte[n], 0, n);
            return this;
        }

        Out bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        Out ae(String ae) {
            byte[] b = new byte[16];
            java.util.Arrays.fill(b, (byte) ' ');
            byte[] s = ascii(ae);
            System.arraycopy(s, 0, b, 0, Math.min(16, s.length));
            return bytes(b);
        }

        Out item(int type, byte[] value) {
            return u8(type).u8(0).u16(value.length).bytes(value);
        }
    }
}
