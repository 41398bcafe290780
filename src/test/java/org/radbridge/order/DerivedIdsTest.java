package org.radbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deterministic, collision-free assigned identifiers (docs/worklist.md "Identifier policy"). */
class DerivedIdsTest {

    @Test
    void namesAreUnambiguous() {
        assertNotEquals(DerivedIds.name("p", "ab", "c"), DerivedIds.name("p", "a", "bc"));
        assertNotEquals(DerivedIds.name("study", "X"), DerivedIds.name("accession", "X"));
    }

    @Test
    void studyUidIsA225UuidDerivedUid() {
        String uid = DerivedIds.uid("", DerivedIds.name("study", "DEMO_EMR", "PLC4001", "73610^C4"));
        assertTrue(uid.startsWith("2.25."), uid);
        assertTrue(uid.length() <= 64 && IdentifierPolicy.isValidUid(uid), uid);
        assertEquals(uid, DerivedIds.uid("", DerivedIds.name("study", "DEMO_EMR", "PLC4001", "73610^C4")), "deterministic");
        byte[] u = DerivedIds.uuidV5("x");
        assertEquals(0x50, u[6] & 0xF0, "RFC 4122 version 5");
        assertEquals(0x80, u[8] & 0xC0, "RFC 4122 variant");
    }

    @Test
    void orgRootUids() {
        String uid = DerivedIds.uid("1.2.826.0.1.3680043.10.543", "n");
        assertTrue(uid.startsWith("1.2.826.0.1.3680043.10.543.") && IdentifierPolicy.isValidUid(uid), uid);
        assertThrows(IllegalArgumentException.class, () -> DerivedIds.uid("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18", "n"));
    }

    @Test
    void shortIdsFitShAndDoNotCollideOnAHundredThousandOrders() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = DerivedIds.shortId('A', DerivedIds.name("accession", "HOSP", "PLC" + i));
            assertEquals(16, id.length());
            assertTrue(id.matches("A[0-9A-HJKMNP-TV-Z]{15}"), id);
            assertTrue(seen.add(id), "collision at " + i);
        }
    }
}
