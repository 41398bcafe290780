package org.radbridge.worklist.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** HL7 DTM to DICOM DA / TM / Timezone Offset From UTC (mission-anchors.md §2.2 row 20). */
class Hl7DateTimeTest {

    @Test
    void splits() {
        assertEquals(new Hl7DateTime("20261201", "093000", ""), Hl7DateTime.parse("20261201093000"));
        assertEquals(new Hl7DateTime("20261201", "0930", ""), Hl7DateTime.parse("202612010930"));
        assertEquals(new Hl7DateTime("20261201", "", ""), Hl7DateTime.parse("20261201"));
        assertEquals(new Hl7DateTime("20261201", "093000.25", "+0100"), Hl7DateTime.parse("20261201093000.25+0100"));
        assertEquals(new Hl7DateTime("20261201", "09", "-0500"), Hl7DateTime.parse("2026120109-0500"));
    }

    @Test
    void refusesWhatIsNotADateTime() {
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("202612"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("20261301"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("20260230"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("20261201256000"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("20261201093"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("20261201+25"));
        assertThrows(IllegalArgumentException.class, () -> Hl7DateTime.parse("Aug 15, 1942"));
    }

    @Test
    void birthDateDropsTheTime() {
        assertEquals("19700315", Hl7DateTime.dateOnly("197003151230"));
        assertEquals("19500131", Hl7DateTime.dateOnly("19500131T143414"), "the first 8 characters (IHE Table B-1)");
    }
}
