package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.Settings;

/** Validation of the DICOM memory-limit properties (docs/dicom-conformance.md §3.1, §4.7). */
class DicomLimitSettingsTest {

    @Test
    void defaultsAreValidAndBadValuesNameTheProperty() {
        Settings defaults = Settings.of(Map.of());
        assertDoesNotThrow(defaults::validate);
        assertEquals(16 * 1024 * 1024, defaults.getInt("radbridge.dicom.max-message-bytes", 1, Integer.MAX_VALUE));
        assertEquals(64L * 1024 * 1024, defaults.getLong("radbridge.dicom.max-buffered-bytes", 1));
        MllpLimitSettingsTest.refused("radbridge.dicom.max-message-bytes", "1000", "radbridge.dicom.max-message-bytes");
        MllpLimitSettingsTest.refused("radbridge.dicom.max-message-bytes", "16M", "radbridge.dicom.max-message-bytes");
        MllpLimitSettingsTest.refused("radbridge.dicom.max-buffered-bytes", "0", "radbridge.dicom.max-buffered-bytes");
        MllpLimitSettingsTest.refused("radbridge.dicom.max-buffered-bytes", "1048576",
                "must be at least radbridge.dicom.max-message-bytes");
        assertDoesNotThrow(() -> Settings.of(Map.of("radbridge.dicom.max-message-bytes", "1048576",
                "radbridge.dicom.max-buffered-bytes", "1048576")).validate());
    }
}
