package org.radbridge.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The MLLP block (HL7 v2 MLLP Release 2, "Minimal Lower Layer Protocol", section 1.4 Block Format): start block
 * VT (0x0B), the payload, end block FS (0x1C) followed by CR (0x0D). The framing bytes are declared here only;
 * the netty codec ({@link MllpFrameDecoder}, {@link MllpFrameEncoder}), the blocking {@link MllpClient} and the
 * HL7 layer's escaping of framing bytes in ACK fields use them.
 */
public final class Mllp {

    /** Start block, VT. */
    public static final byte START_BLOCK = 0x0B;
    /** End block, FS. */
    public static final byte END_BLOCK = 0x1C;
    /** The carriage return that follows the end block. */
    public static final byte CARRIAGE_RETURN = 0x0D;

    private Mllp() {
    }

    /** One block: VT, the payload, FS, CR. */
    public static byte[] frame(byte[] payload) {
        byte[] frame = new byte[payload.length + 3];
        frame[0] = START_BLOCK;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        frame[payload.length + 1] = END_BLOCK;
        frame[payload.length + 2] = CARRIAGE_RETURN;
        return frame;
    }

    /** Writes one block and flushes. */
    public static void writeBlock(OutputStream out, byte[] payload) throws IOException {
        out.write(frame(payload));
        out.flush();
    }

    /**
     * Reads the next block's payload from a blocking stream (a receiver's side: bytes before the start block,
     * such as the CR after the previous end block, are skipped); null at the end of the stream, also inside a block.
     * The CR after the end block is left to the next call.
     */
    public static byte[] readBlock(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != START_BLOCK);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        while ((b = in.read()) >= 0) {
            if (b == END_BLOCK) {
                return buf.toByteArray();
            }
            buf.write(b);
        }
        return null;
    }
}
