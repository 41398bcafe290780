package org.radbridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.mllp.MllpFrameDecoder;

/**
 * Fuzzing of the MLLP decoder (HL7 v2 MLLP Release 2 framing, mllp.MllpFrameDecoder) in a netty
 * EmbeddedChannel: mutated streams of framed corpus messages, fed whole and in random chunks. Properties:
 * nothing escapes, a frame never holds more than the limit, the result does not depend on how TCP split
 * the bytes, well-formed frames survive noise between blocks, and (issue 11 item 2) a start block inside an
 * open block begins a new message.
 */
@AddLifecycleHook(FuzzTries.class)
class MllpDecoderFuzzTest {

    static final int MAX = 16 * 1024;
    static final byte VT = Mllp.START_BLOCK;
    static final byte FS = Mllp.END_BLOCK;
    static final byte CR = Mllp.CARRIAGE_RETURN;

    private static final List<Seeds.Seed> MESSAGES = Hl7FuzzTest.seeds();
    private static final Mutator MUTATOR = new Mutator(framedSeeds(), List.of("\u000b", "\u001c", "\u001c\r", "\r",
            "\u000bMSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5\r\u001c\r", "\u00ef\u00bb\u00bf", "\n", "\u0000"));

    /** The one place that knows the decoder's constructor (keep in step with app/MllpHandlers). */
    static MllpFrameDecoder decoder() {
        return new MllpFrameDecoder(MAX, "mllp");
    }

    /** One to three messages, each framed VT payload FS CR, as a sender streams them. */
    static List<Seeds.Seed> framedSeeds() {
        List<Seeds.Seed> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES.size(); i++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int k = 0; k <= i % 3; k++) {
                b.write(VT);
                b.writeBytes(MESSAGES.get((i + k) % MESSAGES.size()).bytes());
                b.write(FS);
                b.write(CR);
            }
            out.add(new Seeds.Seed("framed:" + MESSAGES.get(i).name(), b.toByteArray()));
        }
        out.addAll(Seeds.regressions("mllp"));
        return out;
    }

    /** What came out of the decoder: payload, received length and oversize flag of each frame. */
    record Decoded(List<byte[]> payloads, List<Long> received, List<Boolean> oversize) {
        boolean sameAs(Decoded o) {
            if (payloads.size() != o.payloads.size() || !received.equals(o.received) || !oversize.equals(o.oversize)) {
                return false;
            }
            for (int i = 0; i < payloads.size(); i++) {
                if (!Arrays.equals(payloads.get(i), o.payloads.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Feeds the bytes in chunks (sizes drawn from seed; seed 0 = one write) and collects the frames. */
    static Decoded decode(byte[] in, long seed) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder());
        Random r = new Random(seed);
        int pos = 0;
        while (pos < in.length) {
            int n = seed == 0 ? in.length : Math.min(in.length - pos, 1 + r.nextInt(r.nextInt(8) == 0 ? 8 : 4096));
            ch.writeInbound(Unpooled.wrappedBuffer(in, pos, n));
            pos += n;
        }
        ch.checkException();
        Decoded d = new Decoded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Object o;
        while ((o = ch.readInbound()) != null) {
            MllpFrame f = (MllpFrame) o;
            d.payloads.add(f.payload());
            d.received.add(f.receivedBytes());
            d.oversize.add(f.oversize());
        }
        ch.finishAndReleaseAll();
        return d;
    }

    /** Decodes whole and split; checks the limit, the oversize flag and that the split does not matter. */
    static final FuzzTarget TARGET = new FuzzTarget() {
        @Override
        public String name() {
            return "mllp";
        }

        /**
         * Every block starts with a 2 KiB buffer (a stream of 3-byte blocks costs ~700 bytes per byte) and
         * the EmbeddedChannel allocates per write; what is bounded here is that nothing grows with an
         * unfinished or oversized block.
         */
        @Override
        public long allocationPerByte() {
            return 2048;
        }

        @Override
        public void accept(byte[] input) {
            Decoded whole = decode(input, 0);
            for (int i = 0; i < whole.payloads.size(); i++) {
                byte[] p = whole.payloads.get(i);
                long got = whole.received.get(i);
                assertTrue(p.length <= MAX, "frame of " + p.length + " bytes kept (limit " + MAX + ")");
                assertEquals(got > MAX, whole.oversize.get(i), "oversize flag for " + got + " bytes");
                assertEquals(Math.min(got, MAX), p.length, "kept bytes of a frame of " + got);
            }
            Decoded split = decode(input, 1 + input.length);
            assertTrue(whole.sameAs(split), "frames depend on how the stream was split");
        }
    };

    @Provide
    Arbitrary<Mutator.Input> streams() {
        return MUTATOR.inputs();
    }

    /** Any stream: no exception, frames within the limit, oversize flagged, same frames however split. */
    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void anyStreamDecodesWithinBoundsWhateverTheSplit(@ForAll("streams") Mutator.Input in) {
        Budget.run(TARGET, in.bytes());
    }

    /** Well-formed frames, noise (without VT) between them, optional CR after FS, random split: all intact. */
    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void wellFormedFramesSurviveNoiseAndSplitting(@ForAll("messageLists") List<byte[]> messages,
            @ForAll("noise") List<byte[]> noise, @ForAll long splitSeed) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int i = 0; i < messages.size(); i++) {
            s.writeBytes(noise.get(i % noise.size()));
            s.write(VT);
            s.writeBytes(messages.get(i));
            s.write(FS);
            if (i % 2 == 0) {
                s.write(CR);
            }
        }
        Decoded d = decode(s.toByteArray(), splitSeed == 0 ? 1 : splitSeed);
        assertEquals(messages.size(), d.payloads.size(), "frames");
        for (int i = 0; i < messages.size(); i++) {
            assertArrayEquals(messages.get(i), d.payloads.get(i), "frame " + i);
        }
    }

    /**
     * Item 2: VT, some bytes, then VT + a complete message + FS CR. The second VT ends the incomplete block;
     * the complete message comes out intact as a frame of its own, and no frame carries a start block.
     */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void startBlockInsideAnOpenBlockBeginsANewMessage(@ForAll("messageListsStartingWithMsh") List<byte[]> messages,
            @ForAll("noise") List<byte[]> partial, @ForAll long splitSeed) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int i = 0; i < messages.size(); i++) {
            s.write(VT);
            s.writeBytes(partial.get(i % partial.size()));
            s.write(VT);
            s.writeBytes(messages.get(i));
            s.write(FS);
            s.write(CR);
        }
        Decoded d = decode(s.toByteArray(), splitSeed == 0 ? 1 : splitSeed);
        for (byte[] p : d.payloads) {
            for (int i = 0; i + 3 < p.length; i++) {
                // a VT that begins a message (VT MSH) inside a frame: two messages merged into one. Other VTs are
                // data (real messages end in CR VT CR CR; the noise may hold VTs too)
                assertTrue(p[i] != VT || p[i + 1] != 'M' || p[i + 2] != 'S' || p[i + 3] != 'H',
                        "a frame carries a start block followed by MSH: two messages merged into one");
            }
        }
        int next = 0;
        for (byte[] p : d.payloads) {
            if (next < messages.size() && Arrays.equals(p, messages.get(next))) {
                next++;
            }
        }
        assertEquals(messages.size(), next, "complete messages decoded intact after an unfinished block");
    }

    /** Messages as senders start them (a VT inside a block begins a new message only when MSH follows). */
    @Provide
    Arbitrary<List<byte[]>> messageListsStartingWithMsh() {
        return messageLists().map(l -> l.stream().map(MllpDecoderFuzzTest::fromMsh).filter(b -> b.length > 0).toList())
                .filter(l -> !l.isEmpty());
    }

    /** The message from its MSH segment on (empty if it has none). */
    static byte[] fromMsh(byte[] b) {
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 'M' && b[i + 1] == 'S' && b[i + 2] == 'H') {
                return Arrays.copyOfRange(b, i, b.length);
            }
        }
        return new byte[0];
    }

    @Provide
    Arbitrary<List<byte[]>> messageLists() {
        Arbitrary<byte[]> m = Arbitraries.of(MESSAGES).map(s -> strip(s.bytes())).filter(b -> b.length > 0 && b.length <= MAX);
        return m.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<byte[]>> noise() {
        Arbitrary<byte[]> n = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(MllpDecoderFuzzTest::strip);
        return n.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Without VT and FS (which cannot occur inside an MLLP block). */
    static byte[] strip(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(b.length);
        for (byte x : b) {
            if (x != VT && x != FS) {
                o.write(x);
            }
        }
        return o.toByteArray();
    }
}
