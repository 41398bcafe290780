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

    @Test
    void caseFoldingKeepsOneCodePointPerCharacter() {
        // ß upper-cases to "SS" as a String; folded per code point it stays one character, so '?' still matches it
        assertEquals("STRAßE^GÜNTHER", Matching.fold("Straße^Günther"));
        assertTrue(Matching.wildcard(Matching.fold("Straße^Günther"), Matching.fold("Stra?e^*")));
        assertTrue(Matching.wildcard(Matching.fold("Straße^Günther"), Matching.fold("straße^g?nther")));
        assertFalse(Matching.wildcard(Matching.fold("Straße^Günther"), Matching.fold("Stra??e^*")), "? is one character, not two");
        // '?' is one code point, also outside the BMP (U+20BB7)
        assertTrue(Matching.wildcard("\uD842\uDFB7田^太郎", "?田^*"));
        assertFalse(Matching.wildcard("\uD842\uDFB7田^太郎", "??田^*"));
    }

    @Test
    void indexPrefixStopsWhereStringUpperCaseWouldDiffer() {
        // the *_ci columns hold String.toUpperCase (ß -> SS): an index range may only use the part before ß
        assertEquals("STRA", Matching.indexSafe("STRAßE^"));
        assertEquals("MÜLLER^", Matching.indexSafe("MÜLLER^"));
        assertEquals("山田^", Matching.indexSafe("山田^"));
    }

    @Test
    void wildcardMatchingIsLinearInTheValue() {
        String a = "a".repeat(200_000);
        long t0 = System.nanoTime();
        assertFalse(Matching.wildcard(a, "*a*a*a*a*a*a*a*a*a*a*b"));
        assertFalse(Matching.wildcard(a, "*" + "a".repeat(60) + "b*"));
        assertFalse(Matching.wildcard(a, "*" + "a".repeat(300) + "b"));
        assertTrue(Matching.wildcard(a + "b", "*" + "a?".repeat(150) + "b"));
        assertTrue(Matching.wildcard("xaxbxc", "*a*b*c"));
        assertFalse(Matching.wildcard("xaxbxc", "*a*c*b"));
        assertTrue(Matching.wildcard("abcabd", "a*d"));
        assertTrue(Matching.wildcard("abab", "*ab"));
        assertFalse(Matching.wildcard("ab", "ab?"));
        assertTrue(Matching.wildcard("aXb", "a?b"));
        assertTrue(Matching.wildcard("ab", "a**b"));
        assertFalse(Matching.wildcard("aab", "a*ab*ab"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "took " + ms + " ms");
    }

    /**
     * The fast paths (String operations for '*'-only patterns, char-wise folding) decide exactly as the code point
     * algorithms on random values and patterns over an alphabet with case pairs, 'ß', a supplementary character
     * (as a pair and as lone halves) and the wild card characters.
     */
    @Test
    void fastPathsDecideAsTheCodePointAlgorithms() {
        String[] alphabet = {"a", "A", "b", "B", "ß", "ǅ", "ı", "\uD83D\uDE00", "\uD83D", "\uDE00", "^", " ", "*", "*", "?"};
        java.util.Random r = new java.util.Random(15);
        int decided = 0;
        for (int n = 0; n < 200_000; n++) {
            String value = random(r, alphabet, 8, false);
            String pattern = random(r, alphabet, 6, true);
            assertEquals(Matching.wildcardCodePoints(value, pattern), Matching.wildcard(value, pattern),
                    "value \"" + value + "\" pattern \"" + pattern + "\"");
            assertEquals(Matching.foldCodePoints(value), Matching.fold(value), value);
            decided += Matching.wildcard(value, pattern) ? 1 : 0;
        }
        assertTrue(decided > 1_000, "enough matches among the random cases: " + decided);
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String one = String.valueOf(c);
            assertEquals(Matching.foldCodePoints(one), Matching.fold(one), "U+" + Integer.toHexString(c));
        }
        assertTrue(Matching.wildcard("SMITH^ANNA", "SMI*"));
        assertTrue(Matching.wildcard("a\uD83D\uDE00b", "a*b"));
        assertFalse(Matching.wildcard("\uD83D\uDE00", "\uD83D*"), "a lone high surrogate is not the pair's first half");
    }

    private static String random(java.util.Random r, String[] alphabet, int max, boolean wild) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(max + 1);
        for (int i = 0; i < len; i++) {
            String a = alphabet[r.nextInt(wild ? alphabet.length : alphabet.length - 3)];
            sb.append(a);
        }
        return sb.toString();
    }
}
