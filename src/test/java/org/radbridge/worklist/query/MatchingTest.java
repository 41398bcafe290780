package org.radbridge.worklist.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2 string matching: single value, universal, wild card, empty stored values. */
class MatchingTest {

    @Test
    void universalIsZeroLengthOrALoneStar() {
        assertTrue(Matching.isUniversal(null));
        assertTrue(Matching.isUniversal(""));
        assertTrue(Matching.isUniversal("*"));
        assertTrue(Matching.isUniversal("* "));
        assertFalse(Matching.isUniversal("**x"));
        assertFalse(Matching.isUniversal("?"));
    }

    @Test
    void wildcards() {
        assertTrue(Matching.wildcard("SMITH^JOHN", "SMI*"));
        assertTrue(Matching.wildcard("SMITH^JOHN", "*JOHN"));
        assertTrue(Matching.wildcard("SMITH^JOHN", "SM?TH^*"));
        assertTrue(Matching.wildcard("SMITH", "S*I*H"));
        assertTrue(Matching.wildcard("", "*"));
        assertFalse(Matching.wildcard("SMITH", "SMITH?"));
        assertFalse(Matching.wildcard("SMITHSON", "SMITH"));
        assertFalse(Matching.wildcard("SMYTHE", "SMI*"));
        // no exponential backtracking
        assertFalse(Matching.wildcard("a".repeat(5000), "*a*a*a*a*a*a*a*a*a*a*b"));
    }

    @Test
    void emptyStoredValueFailsAnyNonEmptyKey() {
        assertFalse(Matching.matches(null, "CT01", true));
        assertFalse(Matching.matches("", "C*", true));
        assertTrue(Matching.matches("CT01", "CT01", true));
        assertFalse(Matching.matches("CT01", "ct01", true), "single value matching is case-sensitive");
        assertFalse(Matching.matches("CT*", "CT?", false), "wildcards off: literal comparison");
    }

    @Test
    void prefixesAndAlternatives() {
        assertEquals("SMI", Matching.literalPrefix("SMI*"));
        assertEquals("", Matching.literalPrefix("*SON"));
        assertEquals("SM", Matching.literalPrefix("SM?TH"));
        assertTrue("SMIZZZ".compareTo(Matching.prefixUpperBound("SMI")) < 0);
        assertTrue("SMJ".compareTo(Matching.prefixUpperBound("SMI")) > 0);
        assertEquals(List.of("CT", "MR"), Matching.alternatives("CT\\MR"));
        assertEquals(List.of("CT"), Matching.alternatives(" CT "));
    }
}
