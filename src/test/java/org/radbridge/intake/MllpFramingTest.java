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
import org.radbridge.hl7.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/** MLLP framing over a raw socket: noise, BOM, missing CR, pipelining, size limit, read timeout. */
class MllpFramingTest {

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
        b.write(0x0b);
        b.writeBytes(payload);
        b.write(0x1c);
        if (cr) {
            b.write(0x0d);
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
            c.sendRaw(new byte[] {0x0b, 'M', 'S', 'H'});
            long t0 = System.currentTimeMillis();
            assertNull(c.receive(), "the server closes the connection");
            long waited = System.currentTimeMillis() - t0;
            assertTrue(waited >= 1500 && waited < 10_000, "closed after " + waited + " ms");
        }
    }
}
