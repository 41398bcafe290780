package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.TestEngine;

/**
 * Graceful stop in the JVM (docs/deploy.md "Graceful stop"): /health/live and /health/ready; while draining, ready
 * is 503, live 200, the MLLP and DICOM listening sockets are closed and HTTP still answers; a stop while four
 * clients send finishes within the grace period, and after a restart on the same data every order answered AA is
 * in the journal exactly once. The same through SIGTERM of a real process: GracefulStopProcessIT.
 */
@Timeout(180)
class GracefulStopTest {

    @Test
    void liveAndReadyProbes() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            HttpResponse<String> ready = e.get("/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"mllp\"") && ready.body().contains("\"dicom\"")
                    && ready.body().contains("migrations applied"), ready.body());
            assertEquals(200, e.get("/health/live").statusCode());
            assertTrue(e.get("/health").body().contains("\"mllp\""), "the MLLP listener check is part of /health too");
        }
    }

    @Test
    void drainingIsNotReadyAndAcceptsNothingNew() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.shutdown.grace-seconds", "5"))) {
            MllpClient idle = new MllpClient("127.0.0.1", e.mllpPort(), 2000, 3000, null); // connected before the stop: its next message is not taken
            org.radbridge.app.GracefulStopProbe.drainListeners(e.app(), Duration.ofSeconds(5));
            HttpResponse<String> ready = e.get("/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("draining"), ready.body());
            HttpResponse<String> live = e.get("/health/live");
            assertEquals(200, live.statusCode());
            assertTrue(live.body().contains("\"draining\" : true"), live.body());
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", e.mllpPort()).close(), "MLLP still accepting");
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", e.dicomPort()).close(), "DICOM still accepting");
            byte[] ack;
            try {
                ack = idle.exchange(StopLoad.omi("DRAIN-1").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IOException closed) {
                ack = null;
            }
            assertEquals(null, ack, "a message arriving while draining is not answered");
            idle.close();
            HttpResponse<String> journal = e.get("/api/messages?controlId=DRAIN-1");
            assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(journal.body()).size(),
                    "a message arriving while draining is not journaled: " + journal.body());
        }
    }

    @Test
    void stopWhileSendingLosesNothingAnsweredAA() throws Exception {
        Path data = java.nio.file.Files.createTempDirectory("radbridge-stop");
        Set<String> acked;
        long stopMillis;
        try {
            TestEngine e = TestEngine.start(Map.of("radbridge.data-dir", data.toString(), "radbridge.shutdown.grace-seconds", "10"));
            try (StopLoad load = new StopLoad("127.0.0.1", e.mllpPort(), "GS").start(4)) {
                load.awaitAcked(40, Duration.ofSeconds(60));
                long t0 = System.nanoTime();
                int unanswered = e.app().drainAndClose(Duration.ofSeconds(10));
                stopMillis = (System.nanoTime() - t0) / 1_000_000;
                load.close();
                acked = load.acked();
                System.out.println("graceful stop while sending: " + load + ", stop took " + stopMillis + " ms, "
                        + unanswered + " in flight left unanswered");
            }
            assertTrue(stopMillis < 10_000, "graceful stop took " + stopMillis + " ms, grace is 10 s");
            try (TestEngine again = TestEngine.start(Map.of("radbridge.data-dir", data.toString()))) {
                StopLoad.assertJournaledOnce(acked, again.httpPort(), TestEngine.ADMIN_TOKEN);
            }
        } finally {
            TestEngine.deleteTree(data);
        }
    }
}
