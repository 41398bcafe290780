package org.radbridge.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The UID syntax of PS3.5 9.1 (issue 11 item 14), checked in one linear pass. */
class UidsTest {

    @Test
    void validUids() {
        for (String uid : new String[] {"1.2.840.10008.3.1.2.3.3", "0", "1.0.2", "2.25.0", "1", "1.2." + "3".repeat(60)}) {
            assertTrue(Uids.isValid(uid), uid);
        }
    }

    @Test
    void invalidUids() {
        String[] bad = {"1.2.abc.3", "01.2.3", "1.02.3", "1.2.00", "1..2", ".1.2", "1.2.", "", " 1.2", "1.2 ", "1.2\\1.3",
            "1.2.3\u0000", "1,2,3", "-1.2", "1.2." + "3".repeat(61), "1.2.826.0.1.3680043.10.543." + "1".repeat(47)};
        for (String uid : bad) {
            assertFalse(Uids.isValid(uid), uid);
        }
        assertFalse(Uids.isValid(null));
        assertEquals(65, ("1.2." + "3".repeat(61)).length());
    }

    @Test
    void hugeInputIsRefusedAtOnce() {
        String huge = "1.".repeat(2_000_000) + "1";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(Uids.isValid(huge)));
        String longComponent = "1".repeat(4_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(Uids.isValid(longComponent)));
    }

    @Test
    void forLogIsShortAndPrintable() {
        assertEquals("1.2?3", Uids.forLog("1.2\n3"));
        assertEquals("1".repeat(64) + "...", Uids.forLog("1".repeat(100)));
        assertEquals("null", Uids.forLog(null));
    }
}
