package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Dates of HL7 v2 (DT/DTM), DICOM (DA/DT) and FHIR (date/dateTime): shift, year, age, textual forms. */
class DatesTest {

    @Test
    void shiftKeepsStylePrecisionTimeAndZone() {
        assertEquals("20260305", Dates.shift("20260302", 3));
        assertEquals("20251231101500+0100", Dates.shift("20260101101500+0100", -1));
        assertEquals("2024-02-29T08:00:00Z", Dates.shift("2024-03-01T08:00:00Z", -1));
        assertEquals("2026-04", Dates.shift("2026-03", 31), "month precision: the middle of the month is shifted");
        assertEquals("2026", Dates.shift("2026", 200), "a year alone is not shifted");
        assertEquals("garbage", Dates.shift("garbage", 5));
    }

    @Test
    void partsYearAndAges() {
        assertNull(Dates.parse("20261301"), "month 13");
        assertEquals(new Dates.Parts(1970, 3, 15, 10, true), Dates.parse("1970-03-15"));
        assertEquals("1970", Dates.year("19700315120000"));
        assertEquals("", Dates.year("xx"));
        LocalDate on = LocalDate.of(2026, 12, 1);
        assertEquals(89, Dates.age("19361202", on));
        assertEquals(90, Dates.age("19361201", on));
        assertEquals(90, Dates.maxAge("1936", on), "a year alone: the highest possible age counts for the 90+ rule");
        assertEquals(89, Dates.age("1936", on));
    }
}
