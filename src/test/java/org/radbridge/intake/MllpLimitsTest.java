package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * MLLP resource limits (issue 11 item 7, docs/security.md): connection caps per listener
 * (radbridge.mllp.max-connections) and per remote address (radbridge.mllp.max-connections-per-address),
 * and the whole-message deadline (radbridge.mllp.message-deadline-seconds) against a peer trickling one byte
 * per 200 ms, which the read timeout (an idle timer reset by every byte) never closes.
 */
class MllpLimitsTest {

    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.mllp.max-connections", "4",
                "radbridge.mllp.max-connections-per-address", "3",
                "radbridge.mllp.message-deadline-seconds", "2",
                "radbridge.mllp.read-timeout-seconds", "30"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static byte[] msg(String id) {
        return ("MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Client sockets from another loopback address (127.0.0.x), to test the per-address cap. */
    static SocketFactory from(String localAddress) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static MllpClient client(String localAddress) throws IOException {
        return new MllpClient("127.0.0.1", engine.mllpPort(), 5000, 10_000, from(localAddress));
    }

    static String ack(MllpClient c, String id) throws IOException {
        byte[] a = c.exchange(msg(id));
        return a == null ? null : Hl7Text.field(new String(a, StandardCharsets.US_ASCII), "MSA", 1) + ":"
                + Hl7Text.field(new String(a, StandardCharsets.US_ASCII), "MSA", 2);
    }

    /** The server closed the connection instead of answering. */
    static boolean closedByServer(MllpClient c, String id) {
        try {
            return c.exchange(msg(id)) == null;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** A fresh connection from this address is served (slots are freed asynchronously when a client closes). */
    static void awaitServed(String localAddress, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (MllpClient c = client(localAddress)) {
                if (("AA:" + id).equals(ack(c, id))) {
                    return;
                }
            } catch (IOException e) {
                // refused: the slot of a closed connection is not free yet
            }
            if (System.currentTimeMillis() > deadline) {
                fail("a fresh connection from " + localAddress + " was not served within 10 s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void connectionsOverTheCapsAreClosedWhileOpenOnesKeepWorking() throws Exception {
        awaitServed("127.0.0.1", "L0"); // earlier tests' connections are gone
        List<MllpClient> open = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                MllpClient c = client("127.0.0.1");
                open.add(c);
                assertEquals("AA:L" + i, ack(c, "L" + i));
            }
            try (MllpClient fourth = client("127.0.0.1")) {
                assertTrue(closedByServer(fourth, "L4"), "the 4th connection from one address is closed (per-address cap 3)");
            }
            MllpClient other = client("127.0.0.2");
            open.add(other);
            assertEquals("AA:L5", ack(other, "L5"), "another address is still served (4 connections in all)");
            try (MllpClient fifth = client("127.0.0.3")) {
                assertTrue(closedByServer(fifth, "L6"), "the 5th connection is closed (listener cap 4)");
            }
            for (int i = 0; i < open.size(); i++) {
                assertEquals("AA:K" + i, ack(open.get(i), "K" + i), "open connections keep working");
            }
            open.remove(0).close();
            awaitServed("127.0.0.1", "L7");
        } finally {
            for (MllpClient c : open) {
                c.close();
            }
        }
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp\",reason=\"max-connections\"}"), metrics);
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp\",reason=\"max-connections-per-address\"}"), metrics);
        awaitNothingBuffered();
    }

    /**
     * The probe: a client sending one byte per 200 ms was never closed (each byte resets the read timeout).
     * With a 2 s whole-message deadline it is closed after about 2 s, while another client gets its ACKs.
     */
    @Test
    void aTricklingClientIsClosedAtTheMessageDeadlineWhileOthersAreAnswered() throws Exception {
        awaitServed("127.0.0.1", "T0");
        try (Socket trickle = new Socket("127.0.0.1", engine.mllpPort()); MllpClient good = client("127.0.0.2")) {
            trickle.setSoTimeout(20_000);
            OutputStream out = trickle.getOutputStream();
            InputStream in = trickle.getInputStream();
            long t0 = System.nanoTime();
            out.write(Mllp.START_BLOCK);
            out.flush();
            CompletableFuture<Long> closedAfter = CompletableFuture.supplyAsync(() -> {
                try {
                    while (in.read() >= 0) {
                        // nothing is answered to an unfinished block
                    }
                } catch (IOException e) {
                    // reset: closed as well
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            });
            byte[] body = msg("T1");
            int answered = 0;
            for (int i = 0; !closedAfter.isDone() && i < 75; i++) { // 75 x 200 ms = 15 s without a deadline
                try {
                    out.write(body[i % body.length]);
                    out.flush();
                } catch (IOException e) {
                    break; // closed by the server
                }
                if (i % 3 == 0) {
                    assertEquals("AA:G" + i, ack(good, "G" + i), "the good client is answered meanwhile");
                    answered++;
                }
                Thread.sleep(200); // paces the trickling peer
            }
            long ms = closedAfter.get(10, TimeUnit.SECONDS);
            assertTrue(ms >= 1_500 && ms < 8_000, "the trickling connection was closed after " + ms + " ms");
            assertTrue(answered >= 2, "the good client was answered " + answered + " times meanwhile");
            assertEquals("AA:G-after", ack(good, "G-after"));
        }
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp\",reason=\"message-deadline\"}"), metrics);
        awaitNothingBuffered();
    }

    /** Every block's bytes are released once it is answered or its connection closed (no leak in the budget). */
    static void awaitNothingBuffered() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String metrics;
        do {
            metrics = engine.get("/metrics").body();
            if (metrics.contains("\nradbridge_mllp_buffered_bytes 0")) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        fail("bytes still counted as buffered: " + metrics.lines().filter(l -> l.startsWith("radbridge_mllp_buffered")).toList());
    }
}
