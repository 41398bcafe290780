package org.radbridge.mllp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link MllpFrameDecoder} on an embedded channel: chunked buffering, the budget, incomplete blocks. */
class MllpFrameDecoderTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static EmbeddedChannel channel(MllpFrameDecoder.Limits limits) {
        return new EmbeddedChannel(new MllpFrameDecoder(limits, "mllp"));
    }

    @Test
    void aBlockSplitIntoSingleBytesAndLargerThanSeveralChunksIsReassembledExactly() {
        MllpBudget budget = new MllpBudget(4 * 1024 * 1024);
        EmbeddedChannel ch = channel(new MllpFrameDecoder.Limits(4 * 1024 * 1024, 0, budget, new MllpRefusals(null, 60_000)));
        byte[] payload = new byte[300_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {Mllp.START_BLOCK}));
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(payload, i, 1)); // byte by byte first
        }
        ch.writeInbound(Unpooled.wrappedBuffer(payload, 100, payload.length - 100));
        assertNull(ch.readInbound());
        assertTrue(budget.used() >= payload.length, "chunks reserved: " + budget.used());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {Mllp.END_BLOCK, Mllp.CARRIAGE_RETURN}));
        MllpFrame f = ch.readInbound();
        assertArrayEquals(payload, f.payload());
        assertEquals(payload.length, budget.used(), "after assembly only the payload stays reserved until answered");
        f.answered();
        f.answered();
        assertEquals(0, budget.used(), "released once");
    }

    @Test
    void aBlockThatDoesNotFitTheBudgetClosesTheConnectionAndReleasesItsBytes() {
        MllpBudget budget = new MllpBudget(64 * 1024);
        MllpRefusals refusals = new MllpRefusals(new org.radbridge.metrics.Metrics(), 60_000);
        EmbeddedChannel ch = channel(new MllpFrameDecoder.Limits(1024 * 1024, 0, budget, refusals));
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'x');
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {Mllp.START_BLOCK}), Unpooled.wrappedBuffer(big));
        assertFalse(ch.isOpen(), "closed instead of buffering beyond the budget");
        assertNull(ch.readInbound());
        assertEquals(0, budget.used());
        assertEquals(1, refusals.count("mllp", MllpRefusals.Reason.BUFFER_BUDGET));
    }

    @Test
    void controlIdIsReadOnlyWhenMsh10IsComplete() {
        String msh = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|CID-1|P|2.5";
        assertEquals("CID-1", MllpFrameDecoder.controlId(bytes(msh), msh.length()));
        String ends = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|CID-2\rPID|1";
        assertEquals("CID-2", MllpFrameDecoder.controlId(bytes(ends), ends.length()));
        String cut = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|CID";
        assertNull(MllpFrameDecoder.controlId(bytes(cut), cut.length()), "may be cut: not trusted");
        String empty = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08||P";
        assertNull(MllpFrameDecoder.controlId(bytes(empty), empty.length()));
        String junk = "xxxxxxxx|||||||||||||";
        assertNull(MllpFrameDecoder.controlId(bytes(junk), junk.length()));
        String shortSeg = "MSH|^~\\&|A\rPID|1|2|3|4|5|6|7|8|9|10|";
        assertNull(MllpFrameDecoder.controlId(bytes(shortSeg), shortSeg.length()), "MSH ends before MSH-10");
    }

    @Test
    void incompleteBlockIsPassedFlaggedAndTheNextBlockFollows() {
        EmbeddedChannel ch = channel(MllpFrameDecoder.Limits.ofSize(4096));
        String first = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|ONE|P|2.5\rPID|1||P";
        String second = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|TWO|P|2.5\rPID|1||P2\r";
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("\u000b" + first + "\u000b" + second + "\u001c\r")));
        MllpFrame a = ch.readInbound();
        MllpFrame b = ch.readInbound();
        assertTrue(a.incomplete());
        assertEquals(first, new String(a.payload(), StandardCharsets.ISO_8859_1));
        assertFalse(b.incomplete());
        assertEquals(second, new String(b.payload(), StandardCharsets.ISO_8859_1));
        assertNull(ch.readInbound());
    }

    /** Three corpus messages end in "\r\v\r\r" before FS: a VT that does not begin a new message is data. */
    @Test
    void aStrayStartBlockThatBeginsNoMessageIsData() {
        EmbeddedChannel ch = channel(MllpFrameDecoder.Limits.ofSize(4096));
        String message = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|ONE|P|2.5\rPID|1||P\r\u000b\r\r";
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("\u000b" + message + "\u001c\r")));
        MllpFrame a = ch.readInbound();
        assertFalse(a.incomplete());
        assertEquals(message, new String(a.payload(), StandardCharsets.ISO_8859_1));
        assertNull(ch.readInbound());
    }

    /** The bytes after a VT inside a block may arrive one at a time: the decision waits for them. */
    @Test
    void aStartBlockInsideABlockIsJudgedWhenEnoughBytesHaveArrived() {
        EmbeddedChannel ch = channel(MllpFrameDecoder.Limits.ofSize(4096));
        String first = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|ONE|P|2.5\rPID|1||P";
        String second = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|TWO|P|2.5\rPID|1||P2\r";
        for (byte b : bytes("\u000b" + first + "\u000b\r" + second + "\u001c\r")) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        MllpFrame a = ch.readInbound();
        MllpFrame b = ch.readInbound();
        assertTrue(a.incomplete());
        assertEquals(first, new String(a.payload(), StandardCharsets.ISO_8859_1));
        assertEquals("\r" + second, new String(b.payload(), StandardCharsets.ISO_8859_1));
        assertNull(ch.readInbound());
        // and a VT followed by bytes that are no segment name, one at a time, stays data
        String junk = "MSH|^~\\&|A|B|C|D|20260101||ADT^A08|THREE|P|2.5\r\u000bMSX\r";
        for (byte x : bytes("\u000b" + junk + "\u001c\r")) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        MllpFrame c = ch.readInbound();
        assertFalse(c.incomplete());
        assertEquals(junk, new String(c.payload(), StandardCharsets.ISO_8859_1));
    }
}
