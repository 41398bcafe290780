package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/** radbridge.metrics.route-timings (docs/metrics.md): on by default, a bad value refused at start, off means no route timers. */
class RouteTimingsSettingTest {

    @Test
    void onByDefaultAndBadValuesAreRefused() {
        Settings defaults = Settings.of(Map.of());
        assertTrue(defaults.getBoolean("radbridge.metrics.route-timings"));
        assertDoesNotThrow(defaults::validate);
        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.of(Map.of("radbridge.metrics.route-timings", "sometimes")).validate());
        assertEquals("radbridge.metrics.route-timings", e.property());
    }

    @Test
    void offLeavesTheRoutesUntimedAndTheAckHistogramIn() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.metrics.route-timings", "false"))) {
            String ack = engine.send("MSH|^~\\&|RIS|HOSP|RADBRIDGE|HOSP|20260101120000||ADT^A08|RT-1|P|2.5.1\r"
                    + "EVN|A08|20260101120000\rPID|1||P1^^^HOSP||DOE^JANE||19700101|F\rPV1|1|O\r");
            assertTrue(Hl7Text.field(ack, "MSA", 1).startsWith("A"), ack);
            // the histogram counts once the ACK is handed to the connection, just after the client may read it
            Waits.until("the ACK timed", Duration.ofSeconds(10),
                    () -> engine.get("/metrics").body().contains("radbridge_mllp_ack_seconds_count{listener=\"mllp\"} 1"));
            assertFalse(engine.get("/metrics").body().contains("camel_route_policy_seconds"), "no route timers");
        }
    }
}
