package org.radbridge.mllp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one MLLP block being received, in chunks that grow (the first as large as the first read, at
 * most 8 KiB, then 8 KiB doubling up to 1 MiB) without
 * copying what is already held; the chunks' capacity is reserved in the {@link MllpBudget} before it is
 * allocated. {@link #toByteArray} copies once into the payload and releases the chunks' reservation except
 * the payload's size, which stays reserved until the block is answered.
 */
final class MllpBlockBuffer {

    private static final int MIN_CHUNK = 256;
    private static final int FIRST_CHUNK = 8 * 1024;
    private static final int MAX_CHUNK = 1024 * 1024;

    private final MllpBudget budget;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int pos;
    private int size;
    private long reserved;

    MllpBlockBuffer(MllpBudget budget) {
        this.budget = budget;
    }

    /** Appends {@code len} bytes of {@code in} from {@code index}; false when the budget refuses more memory. */
    boolean append(ByteBuf in, int index, int len) {
        int done = 0;
        while (done < len) {
            if (current == null || pos == current.length) {
                // the first chunk fits what arrived (most messages come in one read), the next ones grow
                int chunk = current == null ? Math.max(MIN_CHUNK, Math.min(FIRST_CHUNK, len - done))
                        : Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, current.length * 2));
                if (!budget.reserve(chunk)) {
                    return false;
                }
                reserved += chunk;
                current = new byte[chunk];
                chunks.add(current);
                pos = 0;
            }
            int n = Math.min(len - done, current.length - pos);
            in.getBytes(index + done, current, pos, n);
            pos += n;
            done += n;
            size += n;
        }
        return true;
    }

    /** A copy of the first bytes (at most {@code max}). */
    byte[] peek(int max) {
        byte[] out = new byte[Math.min(max, size)];
        int at = 0;
        for (byte[] c : chunks) {
            if (at == out.length) {
                break;
            }
            int n = Math.min(c.length, out.length - at);
            System.arraycopy(c, 0, out, at, n);
            at += n;
        }
        return out;
    }

    int size() {
        return size;
    }

    /** The payload; afterwards only its length stays reserved (the caller releases it when answered). */
    byte[] toByteArray() {
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] c : chunks) {
            int n = Math.min(c.length, size - at);
            System.arraycopy(c, 0, out, at, n);
            at += n;
        }
        chunks.clear();
        current = null;
        budget.release(reserved - size);
        reserved = 0;
        return out;
    }

    /** Drops the bytes and releases all their reservation. */
    void discard() {
        chunks.clear();
        current = null;
        budget.release(reserved);
        reserved = 0;
        size = 0;
    }
}
