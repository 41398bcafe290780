package org.radbridge.worklist;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;

/**
 * Encoded MWL C-FIND response identifiers per worklist item, so that a query whose matches were answered before sends
 * the stored bytes instead of decoding the item, projecting the return keys (PS3.4 C.2.2.1) and encoding again.
 *
 * <p>An answer is a pure function of the stored data set and the request's <em>shape</em> ({@link #shape}: the
 * return keys' tags, VRs and sequence items, the response character set choice of PS3.4 C.4.1.1.3.2, the transfer
 * syntax), never of the key values. An entry is valid only for the exact data set bytes it was made from: every
 * lookup passes the bytes just read from worklist_items and a difference is a miss (the entry is replaced). So an
 * item changed by this instance, another instance or an earlier release is never answered from an old encoding, with
 * no version column and nothing to invalidate. Bounded by bytes (stored data set plus encodings), least recently used
 * first out; at most {@link #SHAPES} request shapes per item. Thread-safe.
 */
final class MwlResponseCache {

    /** Request shapes kept per item (modalities of one department ask one to a few). */
    static final int SHAPES = 4;
    /** Bytes counted per entry and per encoding besides the arrays (objects, map node). */
    private static final int OVERHEAD = 160;

    private static final class Entry {
        final byte[] stored;
        final String[] shapes = new String[SHAPES];
        final byte[][] answers = new byte[SHAPES][];
        int next;
        long bytes;

        Entry(byte[] stored) {
            this.stored = stored;
            this.bytes = stored.length + OVERHEAD;
        }
    }

    private final long maxBytes;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    /** @param maxBytes the budget (0 = keep nothing) */
    MwlResponseCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The answer stored for item {@code id} with exactly these data set bytes and this shape, or null. */
    synchronized byte[] get(long id, byte[] stored, String shape) {
        Entry e = entries.get(id);
        if (e != null && Arrays.equals(e.stored, stored)) {
            for (int i = 0; i < SHAPES; i++) {
                if (shape.equals(e.shapes[i])) {
                    hits++;
                    return e.answers[i];
                }
            }
        }
        misses++;
        return null;
    }

    /** Keeps an answer made from {@code stored} (not copied: the caller hands it over and does not change it). */
    synchronized void put(long id, byte[] stored, String shape, byte[] answer) {
        if (maxBytes <= 0) {
            return;
        }
        Entry e = entries.get(id);
        if (e == null || !Arrays.equals(e.stored, stored)) {
            if (e != null) {
                bytes -= e.bytes;
            }
            e = new Entry(stored);
            entries.put(id, e);
            bytes += e.bytes;
        }
        int slot = -1;
        for (int i = 0; i < SHAPES && slot < 0; i++) {
            if (shape.equals(e.shapes[i])) {
                slot = i;
            }
        }
        if (slot < 0) {
            slot = e.next;
            e.next = (e.next + 1) % SHAPES;
        }
        long before = e.answers[slot] == null ? 0 : e.answers[slot].length + OVERHEAD;
        e.shapes[slot] = shape;
        e.answers[slot] = answer;
        long delta = answer.length + OVERHEAD - before;
        e.bytes += delta;
        bytes += delta;
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().bytes;
            it.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    /**
     * What a response identifier depends on besides the item: the keys' structure ({@link MwlScp#project} returns every
     * key with the match's value, or zero length in the key's VR; a sequence key with a non-empty item projects each
     * item of the match), the configured response character set and the request's Specific Character Set
     * ({@link org.radbridge.dicom.SpecificCharacterSet#forResponse}), and the transfer syntax.
     */
    static String shape(Attributes keys, String charset, String transferSyntaxUid) {
        StringBuilder sb = new StringBuilder(256).append(transferSyntaxUid).append('|').append(charset).append('|');
        String[] requested = keys.getStrings(Tag.SpecificCharacterSet);
        sb.append(requested.length).append(':').append(String.join("\\", requested)).append('|');
        structure(sb, keys);
        return sb.toString();
    }

    private static void structure(StringBuilder sb, Attributes keys) {
        for (Attributes.Element k : keys) {
            if (k.tag() == Tag.SpecificCharacterSet) {
                continue;
            }
            sb.append(Integer.toHexString(k.tag())).append(k.vr());
            if (k.value() instanceof Sequence s) {
                sb.append('[');
                if (!s.isEmpty() && !s.get(0).isEmpty()) {
                    structure(sb, s.get(0));
                }
                sb.append(']');
            }
            sb.append(',');
        }
    }
}
