package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/** radbridge.db.write-timeout-seconds: a default, and a bad value is refused at start naming the property. */
class WriteTimeoutSettingTest {

    @Test
    void defaultIsFifteenSecondsAndBadValuesAreRefused() {
        Settings defaults = Settings.of(Map.of());
        assertEquals(15, defaults.getInt("radbridge.db.write-timeout-seconds", 1, 3600));
        assertDoesNotThrow(defaults::validate);
        for (String bad : new String[] {"0", "-1", "abc", "3601"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Settings.of(Map.of("radbridge.db.write-timeout-seconds", bad)).validate(), bad);
            assertEquals("radbridge.db.write-timeout-seconds", e.property());
        }
    }
}
