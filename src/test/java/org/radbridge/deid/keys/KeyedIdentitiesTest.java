package org.radbridge.deid.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.radbridge.deid.DeidTesting;

/** The keyed scheme: HMAC-SHA-256 with domain separation; code, UID, UUID and date-shift shapes. */
class KeyedIdentitiesTest {

    static final KeyedIdentities K = new KeyedIdentities(DeidTesting.KEY.getBytes(StandardCharsets.UTF_8), 365);

    @Test
    void codesFitEveryTargetTypeAndAreDomainSeparated() {
        String p = K.code("patient-id", "12345");
        assertTrue(p.matches("P[0-9A-HJKMNP-TV-Z]{11}"), p);
        assertEquals(p, K.code("patient-id", "12345"));
        String a = K.code("accession", "12345");
        assertTrue(a.startsWith("A"));
        assertNotEquals(p.substring(1), a.substring(1), "the same value in two domains: unrelated codes");
    }

    @Test
    void uidsAreUuidDerivedAndValid() {
        String u = K.uid("1.2.840.113619.2.55.3.1");
        assertTrue(u.matches("2\\.25\\.(0|[1-9]\\d{0,38})") && u.length() <= 64, u);
        assertEquals(u, K.uid("1.2.840.113619.2.55.3.1"));
        assertTrue(K.uuid("x").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void dateShiftsAreWithinRangeNeverZeroAndSpread() {
        Set<Integer> seen = new HashSet<>();
        KeyedIdentities small = new KeyedIdentities(DeidTesting.KEY.getBytes(StandardCharsets.UTF_8), 3);
        for (int i = 0; i < 2000; i++) {
            int d = small.dateShiftDays("patient-" + i);
            assertTrue(d != 0 && Math.abs(d) <= 3, String.valueOf(d));
            seen.add(d);
        }
        assertEquals(Set.of(-3, -2, -1, 1, 2, 3), seen);
    }

    @Test
    void keyIdNamesTheKeyWithoutRevealingItAndShortKeysAreRefused() {
        assertTrue(K.keyId().matches("hmac-sha256:[0-9a-f]{16}"), K.keyId());
        assertTrue(!K.keyId().contains(DeidTesting.KEY));
        assertThrows(IllegalArgumentException.class, () -> new KeyedIdentities(new byte[16], 365));
    }
}
