package org.radbridge.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** clean-text: known identifiers first (case-insensitive, whole words when short), then patterns. */
class TextScrubberTest {

    static final TextScrubber YEAR = new TextScrubber(TextScrubber.DateMode.YEAR_ONLY, true);
    static final TextScrubber SHIFT = new TextScrubber(TextScrubber.DateMode.SHIFT, true);
    static final TextScrubber KEEP = new TextScrubber(TextScrubber.DateMode.KEEP, false);

    static String scrub(TextScrubber s, String text, KnownIdentifiers k) {
        return s.scrub(text, k, 10, uid -> "2.25.1", null);
    }

    @Test
    void knownIdentifiersInAnyCaseAndAsWholeWordsWhenShort() {
        KnownIdentifiers k = new KnownIdentifiers();
        k.addName("O'BRIEN^MARY^ANN^^DR");
        k.addValue("MRN123456");
        k.addReplaced("ACC42", "A0000000001", "identifier");
        assertEquals("Mrs [NAME] ([NAME]), [REDACTED]; annual check; Dr. [NAME]; accession A0000000001",
                scrub(YEAR, "Mrs o'brien (Mary), mrn123456; annual check; Dr. Ann; accession acc42", k));
    }

    @Test
    void datesByProfile() {
        String t = "Prior 03/15/2024, 2024-03-15, 15 March 2024, March 15, 2024, 20240315 and March 2024; on May 3.";
        assertEquals("Prior 2024, 2024, 2024, 2024, 2024 and 2024; on [DATE].", scrub(YEAR, t, null));
        assertEquals("Prior 2024-03-25, 2024-03-25, 2024-03-25, 2024-03-25, 2024-03-25 and 2024-03; on [DATE].", scrub(SHIFT, t, null));
        assertEquals(t, scrub(KEEP, t, null));
    }

    @Test
    void phonesSsnEmailUrlIpUidLongNumbersAndAges() {
        assertEquals("Call [PHONE] or [PHONE] or [PHONE], SSN [SSN], [EMAIL], [URL] from [IP]; study 2.25.1; id [ID]; "
                        + "a 90+-year-old, aged 90+, 45 years old; 3.5 mm at 10:30; T2W1",
                scrub(YEAR, "Call (617) 555-0143 or 617.555.0143 or +49 30 1234 5678, SSN 123-45-6789, a.b@example.org, "
                        + "https://x.example.org/p?q=1 from 10.0.0.1; study 1.2.840.113619.2.55.3; id AB1234567; "
                        + "a 93-year-old, aged 101, 45 years old; 3.5 mm at 10:30; T2W1", null));
        assertEquals("a 93-year-old", scrub(KEEP, "a 93-year-old", null), "ages kept where the profile says so");
    }
}
