package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * MLLP framing over a raw socket: noise, BOM, missing CR, pipelining, size limit, read timeout, a start block
 * inside an open block (issue 11 item 2).
 */
class MllpFramingTest {

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.mllp.max-message-bytes", "4096",
                "radbridge.mllp.read-timeout-seconds", "2"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static byte[] msg(String id) {
        return ("MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] frame(byte[] payload, boolean cr) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Mllp.START_BLOCK);
        b.writeBytes(payload);
        b.write(Mllp.END_BLOCK);
        if (cr) {
            b.write(Mllp.CARRIAGE_RETURN);
        }
        return b.toByteArray();
    }

    @Test
    void strayBytesAndBomBeforeTheStartBlockAreIgnored() throws Exception {
        try (MllpClient c = engine.client()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n', '\r', 'x', 0});
            b.writeBytes(frame(msg("F1"), true));
            c.sendRaw(b.toByteArray());
            String ack = new String(c.receive(), StandardCharsets.US_ASCII);
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1));
            assertEquals("F1", Hl7Text.field(ack, "MSA", 2));
        }
    }

    @Test
    void missingTrailingCrAndPipelinedBlocks() throws Exception {
        try (MllpClient c = engine.client()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(frame(msg("F2"), false));
            b.writeBytes(frame(msg("F3"), true));
            b.writeBytes(frame(msg("F4"), true));
            c.sendRaw(b.toByteArray());
            for (String id : new String[] {"F2", "F3", "F4"}) {
                String ack = new String(c.receive(), StandardCharsets.US_ASCII);
                assertEquals(id, Hl7Text.field(ack, "MSA", 2));
            }
        }
    }

    @Test
    void oversizeMessageIsRefusedAndTheConnectionStaysUsable() throws Exception {
        StringBuilder big = new StringBuilder(new String(msg("F5"), StandardCharsets.US_ASCII));
        while (big.length() < 10_000) {
            big.append("NTE|1||").append("x".repeat(200)).append('\r');
        }
        try (MllpClient c = engine.client()) {
            String ack = new String(c.exchange(big.toString().getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1));
            assertEquals("F5", Hl7Text.field(ack, "MSA", 2));
            assertTrue(ack.contains("exceeds the limit of 4096 bytes"), ack);
            String next = new String(c.exchange(msg("F6")), StandardCharsets.US_ASCII);
            assertEquals("AA", Hl7Text.field(next, "MSA", 1));
        }
    }

    @Test
    void aBlockThatStallsIsClosedAfterTheReadTimeout() throws Exception {
        try (MllpClient c = engine.client()) {
            c.sendRaw(new byte[] {Mllp.START_BLOCK, 'M', 'S', 'H'});
            long t0 = System.currentTimeMillis();
            assertNull(c.receive(), "the server closes the connection");
            long waited = System.currentTimeMillis() - t0;
            assertTrue(waited >= 1500 && waited < 10_000, "closed after " + waited + " ms");
        }
    }

    /** VT, the first {@code n} bytes of a message, then (without FS) the next block starts. */
    static byte[] fragmentThenFrame(byte[] fragment, byte[] next) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Mllp.START_BLOCK);
        b.writeBytes(fragment);
        b.writeBytes(frame(next, true));
        return b.toByteArray();
    }

    static byte[] longMessage(String id) {
        StringBuilder m = new StringBuilder(new String(msg(id), StandardCharsets.US_ASCII));
        m.append("NTE|1||").append("y".repeat(300)).append('\r');
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The probe of issue 11 item 2: VT + the first 200 bytes of a message + VT + a full message + FS CR was AA'd
     * as one message under the first control id. Now the fragment is journaled REJECTED under its own control id
     * and not answered (one answer per complete block keeps the connection in step), and the full message is
     * processed normally and answered.
     */
    @Test
    void startBlockInsideAnOpenBlockJournalsTheFragmentUnansweredAndProcessesTheNextMessage() throws Exception {
        byte[] fragment = java.util.Arrays.copyOf(longMessage("F9"), 200);
        try (MllpClient c = engine.client()) {
            c.sendRaw(fragmentThenFrame(fragment, msg("F10")));
            String first = new String(c.receive(), StandardCharsets.US_ASCII);
            assertEquals("AA", Hl7Text.field(first, "MSA", 1), first);
            assertEquals("F10", Hl7Text.field(first, "MSA", 2), "the fragment gets no answer of its own: " + first);
            String third = new String(c.exchange(msg("F11")), StandardCharsets.US_ASCII);
            assertEquals("F11", Hl7Text.field(third, "MSA", 2), "answers stay in step on the connection");
        }
        var f9 = JSON.readTree(engine.get("/api/messages?controlId=F9").body());
        assertEquals(1, f9.size());
        assertEquals("REJECTED", f9.get(0).path("state").asText());
        String f9Entry = engine.get("/api/messages/" + f9.get(0).path("id").asText()).body();
        assertTrue(f9Entry.contains("incomplete message"), f9Entry);
        var f10 = JSON.readTree(engine.get("/api/messages?controlId=F10").body());
        assertEquals(1, f10.size());
        assertEquals("PROCESSED", f10.get(0).path("state").asText());
        String resent = engine.send(longMessage("F9"));
        assertEquals("AA", Hl7Text.field(resent, "MSA", 1), "the sender's resend of the refused message is accepted: " + resent);
    }

    /**
     * A fragment whose MSH-10 cannot be read (junk, or cut before MSH-10 ends) gets no answer of its own: an
     * answer without the sender's control id would be taken as the answer to its next message. It is counted
     * (radbridge_mllp_refused_total{reason="incomplete-block"}); the next message is answered normally.
     */
    @Test
    void startBlockInsideAnOpenBlockDropsAFragmentWithoutControlId() throws Exception {
        byte[] cutBeforeMsh10 = "MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|F1".getBytes(StandardCharsets.US_ASCII);
        try (MllpClient c = engine.client()) {
            c.sendRaw(fragmentThenFrame("x".repeat(200).getBytes(StandardCharsets.US_ASCII), msg("F12")));
            String ack = new String(c.receive(), StandardCharsets.US_ASCII);
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            assertEquals("F12", Hl7Text.field(ack, "MSA", 2));
            c.sendRaw(fragmentThenFrame(cutBeforeMsh10, msg("F13")));
            ack = new String(c.receive(), StandardCharsets.US_ASCII);
            assertEquals("F13", Hl7Text.field(ack, "MSA", 2), ack);
            ack = new String(c.exchange(msg("F14")), StandardCharsets.US_ASCII);
            assertEquals("F14", Hl7Text.field(ack, "MSA", 2), "answers stay in step on the connection");
        }
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp\",reason=\"incomplete-block\"}"), metrics);
    }
}
