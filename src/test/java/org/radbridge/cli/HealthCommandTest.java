package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.app.GracefulStopProbe;
import org.radbridge.settings.Settings;
import org.radbridge.testing.Ports;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/** `radbridge health` (the image's HEALTHCHECK): exit 0 when the engine answers UP, 1 when not ready or not answering. */
@Timeout(120)
class HealthCommandTest {

    static int health(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "health";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CommandLine(new RadBridgeCli()).execute(all);
    }

    @Test
    void upThenNotReadyWhileDrainingThenDown() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            String base = "http://127.0.0.1:" + e.httpPort();
            assertEquals(0, health("--url", base + "/health"));
            assertEquals(0, health("--url", base + "/health/ready"));
            GracefulStopProbe.drainListeners(e.app(), Duration.ofSeconds(5));
            assertEquals(1, health("--url", base + "/health/ready"), "not ready while draining");
            assertEquals(0, health("--url", base + "/health/live"), "live while draining");
        }
        assertEquals(1, health("--url", "http://127.0.0.1:" + Ports.free() + "/health", "--timeout-seconds", "2"), "nothing listening");
        assertEquals(2, health("--probe", "sideways"));
    }

    @Test
    void defaultUrlFollowsTheConfiguredPortAndAWildcardBindHost() {
        Settings s = Settings.of(Map.of("radbridge.bind-host", "0.0.0.0", "radbridge.http.port", "18080"));
        assertEquals("http://127.0.0.1:18080/health", HealthCommand.defaultUrl(s, "health"));
        assertEquals("http://127.0.0.1:18080/health/ready", HealthCommand.defaultUrl(s, "ready"));
        Settings v6 = Settings.of(Map.of("radbridge.bind-host", "::1", "radbridge.http.port", "8081"));
        assertEquals("http://[::1]:8081/health/live", HealthCommand.defaultUrl(v6, "live"));
    }
}
