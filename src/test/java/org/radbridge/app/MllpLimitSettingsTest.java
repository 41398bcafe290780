package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/** Validation of the MLLP resource-limit properties (docs/security.md §7). */
class MllpLimitSettingsTest {

    static void refused(String key, String value, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.of(Map.of(key, value)).validate());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void defaultsAreValidAndBadValuesNameTheProperty() {
        assertDoesNotThrow(() -> Settings.of(Map.of()).validate());
        refused("radbridge.mllp.max-connections", "0", "radbridge.mllp.max-connections");
        refused("radbridge.mllp.max-connections-per-address", "many", "radbridge.mllp.max-connections-per-address");
        refused("radbridge.mllp.message-deadline-seconds", "-1", "radbridge.mllp.message-deadline-seconds");
        refused("radbridge.mllp.max-buffered-bytes", "1048576", "must be at least radbridge.mllp.max-message-bytes");
    }
}
