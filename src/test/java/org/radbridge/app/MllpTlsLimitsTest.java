package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;
import org.radbridge.testing.Waits;

/**
 * The MLLP-over-TLS listener has the same resource limits as the plain one (issue 11 item 7): its own
 * connection cap (a connection over it is closed before the TLS handshake, so it is not audited as a failed
 * handshake) and the whole-message deadline against a client trickling one byte per 200 ms.
 */
class MllpTlsLimitsTest {

    @TempDir
    static Path pkiDir;
    static TestEngine engine;
    static SSLSocketFactory clientTls;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(pkiDir.resolve("ca"), "radbridge-test-ca");
        pki.issue("server", "radbridge-a", true);
        Path trust = TestPki.truststore(pkiDir.resolve("client-trust.p12"), pki.caPem());
        engine = TestEngine.start(Map.of("radbridge.mllp.tls.port", "0",
                "radbridge.tls.keystore", pki.p12("server").toString(), "radbridge.tls.keystore-password", TestPki.PASSWORD,
                "radbridge.tls.client-auth", "none",
                "radbridge.mllp.max-connections", "2",
                "radbridge.mllp.message-deadline-seconds", "2",
                "radbridge.mllp.read-timeout-seconds", "30"));
        port = engine.mllpTlsPort();
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(trust)) {
            ts.load(in, TestPki.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        clientTls = ctx.getSocketFactory();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static byte[] msg(String id) {
        return ("MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static MllpClient client() throws IOException {
        return new MllpClient("127.0.0.1", port, 5000, 10_000, clientTls);
    }

    static String ack(MllpClient c, String id) throws IOException {
        byte[] a = c.exchange(msg(id));
        return a == null ? null : Hl7Text.field(new String(a, StandardCharsets.US_ASCII), "MSA", 1) + ":"
                + Hl7Text.field(new String(a, StandardCharsets.US_ASCII), "MSA", 2);
    }

    static void awaitServed(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (MllpClient c = client()) {
                if (("AA:" + id).equals(ack(c, id))) {
                    return;
                }
            } catch (IOException e) {
                // refused: the slot of a closed connection is not free yet
            }
            if (System.currentTimeMillis() > deadline) {
                fail("a fresh TLS connection was not served within 10 s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void tlsConnectionsOverTheCapAreClosedBeforeTheHandshake() throws Exception {
        awaitServed("S0");
        List<MllpClient> open = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                MllpClient c = client();
                open.add(c);
                assertEquals("AA:S" + i, ack(c, "S" + i));
            }
            assertThrows(IOException.class, () -> {
                try (MllpClient third = client()) {
                    ack(third, "S3");
                }
            }, "the 3rd TLS connection is closed (cap 2)");
            for (int i = 0; i < open.size(); i++) {
                assertEquals("AA:R" + i, ack(open.get(i), "R" + i), "open connections keep working");
            }
            open.remove(0).close();
            awaitServed("S4");
        } finally {
            for (MllpClient c : open) {
                c.close();
            }
        }
        Waits.holds("no failed handshake recorded", Duration.ofMillis(500), () -> ((JdbcAuditTrail) engine.app().engine().context().audit())
                .list(null, AuditEvent.SECURITY_ALERT, null, null, 1000).stream().noneMatch(s -> s.event().detail().contains("tls-handshake-failed")));
        long handshakeFailures = ((JdbcAuditTrail) engine.app().engine().context().audit())
                .list(null, AuditEvent.SECURITY_ALERT, null, null, 1000).stream()
                .filter(s -> s.event().detail().contains("tls-handshake-failed")).count();
        assertEquals(0, handshakeFailures, "a connection closed by the cap is not a failed handshake");
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp-tls\",reason=\"max-connections\"}"), metrics);
    }

    @Test
    void aTricklingTlsClientIsClosedAtTheMessageDeadline() throws Exception {
        awaitServed("U0");
        try (SSLSocket trickle = (SSLSocket) clientTls.createSocket("127.0.0.1", port)) {
            trickle.setSoTimeout(20_000);
            trickle.startHandshake();
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
            byte[] body = msg("U1");
            for (int i = 0; !closedAfter.isDone() && i < 75; i++) {
                try {
                    out.write(body[i % body.length]);
                    out.flush();
                } catch (IOException e) {
                    break;
                }
                Thread.sleep(200); // paces the trickling peer
            }
            long ms = closedAfter.get(10, TimeUnit.SECONDS);
            assertTrue(ms >= 1_500 && ms < 8_000, "the trickling TLS connection was closed after " + ms + " ms");
        }
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_mllp_refused_total{listener=\"mllp-tls\",reason=\"message-deadline\"}"), metrics);
    }
}
