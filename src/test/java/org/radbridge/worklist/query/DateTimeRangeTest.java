package org.radbridge.worklist.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2.5 range matching and combined SPS Start Date/Time matching. */
class DateTimeRangeTest {

    static DateTimeRange combined(String d, String t) {
        return DateTimeRange.combined(DateTimeRange.Bounds.parse(d, false), t == null ? null : DateTimeRange.Bounds.parse(t, true));
    }

    @Test
    void singleDateCoversTheDay() {
        DateTimeRange r = combined("20261201", null);
        assertEquals(new DateTimeRange("20261201000000", "20261201235959"), r);
        assertTrue(r.contains("20261201093000"));
        assertFalse(r.contains("20261202000000"));
    }

    @Test
    void dateRangeWithTimeRangeIsOneCombinedRange() {
        DateTimeRange r = combined("20261201-20261202", "0900-0930");
        assertEquals(new DateTimeRange("20261201090000", "20261202093000"), r);
        assertTrue(r.contains("20261201140000"), "the afternoon of the first day is inside the combined range");
        assertFalse(r.contains("20261202100000"));
    }

    @Test
    void singleDateWithTimeRange() {
        DateTimeRange r = combined("20261201", "0800-1000");
        assertTrue(r.contains("20261201080000"));
        assertTrue(r.contains("20261201100000"));
        assertFalse(r.contains("20261201100001"));
    }

    @Test
    void openRanges() {
        assertEquals(new DateTimeRange("20261202000000", null), combined("20261202-", null));
        assertEquals(new DateTimeRange(null, "20261201235959"), combined("-20261201", null));
        assertEquals(new DateTimeRange("100000", "120000"), DateTimeRange.timeOnly(DateTimeRange.Bounds.parse("10-12", true)));
        assertEquals(new DateTimeRange("093000", "093000"), DateTimeRange.timeOnly(DateTimeRange.Bounds.parse("09:30", true)));
    }

    @Test
    void emptyStoredValueNeverMatches() {
        assertFalse(combined("-20991231", null).contains(null));
        assertFalse(combined("-20991231", null).contains(""));
    }

    @Test
    void invalidKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DateTimeRange.Bounds.parse("2026-12-01x", false));
        assertThrows(IllegalArgumentException.class, () -> DateTimeRange.Bounds.parse("today", false));
        assertThrows(IllegalArgumentException.class, () -> DateTimeRange.Bounds.parse("9", true));
    }
}
