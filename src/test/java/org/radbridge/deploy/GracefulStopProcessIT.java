package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * SIGTERM to a real `java -jar target/radbridge.jar run` while four clients send orders: the process exits 0 within
 * radbridge.shutdown.grace-seconds, and after a restart on the same data directory every order answered AA is in
 * the journal exactly once (docs/deploy.md "Graceful stop"). Runs after `package` (maven-failsafe-plugin).
 */
@Timeout(300)
class GracefulStopProcessIT {

    static final int GRACE_SECONDS = 10;

    @Test
    void sigtermWhileSendingExitsZeroWithinGraceAndLosesNothing() throws Exception {
        Path work = Files.createTempDirectory("radbridge-process");
        Path log = work.resolve("engine.log");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("RADBRIDGE_DATA_DIR", work.resolve("data").toString());
            env.put("RADBRIDGE_MLLP_PORT", "0"); // every listener on port 0: the bound ports are read from the start line
            env.put("RADBRIDGE_HTTP_PORT", "0");
            env.put("RADBRIDGE_DICOM_PORT", "0");
            env.put("RADBRIDGE_ADMIN_TOKEN", TestEngine.ADMIN_TOKEN);
            env.put("RADBRIDGE_AUDIT_KEY", "process-test-audit-key");
            env.put("RADBRIDGE_ROUTES_DIR", ProjectPaths.project().resolve("routes").toString());
            env.put("RADBRIDGE_MAPPINGS_DIR", ProjectPaths.project().resolve("mappings").toString());
            env.put("RADBRIDGE_SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE_SECONDS));
            Process p = EngineProcess.start(work, env, log);
            Set<String> acked;
            long stopMillis;
            try {
                org.radbridge.testing.StartLine.BoundPorts bound = EngineProcess.awaitStarted(p, log, 0, Duration.ofSeconds(120));
                EngineProcess.awaitReady("http://127.0.0.1:" + bound.http() + "/health/ready", p, Duration.ofSeconds(120), log);
                try (StopLoad load = new StopLoad("127.0.0.1", bound.mllp(), "PS").start(4)) {
                    load.awaitAcked(30, Duration.ofSeconds(60));
                    long t0 = System.nanoTime();
                    p.destroy(); // SIGTERM
                    boolean ended = p.waitFor(GRACE_SECONDS + 30, TimeUnit.SECONDS);
                    stopMillis = (System.nanoTime() - t0) / 1_000_000;
                    load.close();
                    acked = load.acked();
                    assertTrue(ended, "still running " + (GRACE_SECONDS + 30) + " s after SIGTERM:\n" + EngineProcess.tail(log));
                    System.out.println("SIGTERM while sending: " + load + "; exit " + p.exitValue() + " after " + stopMillis + " ms");
                }
                assertEquals(0, p.exitValue(), "exit status after SIGTERM:\n" + EngineProcess.tail(log));
                assertTrue(stopMillis <= GRACE_SECONDS * 1000L, "stopped after " + stopMillis + " ms, grace " + GRACE_SECONDS + " s");
                assertTrue(EngineProcess.tail(log).contains("Graceful stop done"), EngineProcess.tail(log));
            } finally {
                p.destroyForcibly();
            }

            long restartAt = Files.size(log);
            Process again = EngineProcess.start(work, env, log);
            try {
                org.radbridge.testing.StartLine.BoundPorts bound = EngineProcess.awaitStarted(again, log, restartAt, Duration.ofSeconds(120));
                EngineProcess.awaitReady("http://127.0.0.1:" + bound.http() + "/health/ready", again, Duration.ofSeconds(120), log);
                StopLoad.assertJournaledOnce(acked, bound.http(), TestEngine.ADMIN_TOKEN);
                again.destroy();
                assertTrue(again.waitFor(GRACE_SECONDS + 30, TimeUnit.SECONDS));
                assertEquals(0, again.exitValue());
            } finally {
                again.destroyForcibly();
            }
        } finally {
            TestEngine.deleteTree(work);
        }
    }
}
