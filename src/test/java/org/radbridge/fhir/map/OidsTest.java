package org.radbridge.fhir.map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 11 item 6: the OID check is linear; a 40 KB dotted value overflowed java.util.regex's stack. */
class OidsTest {

    @Test
    void dottedOids() {
        assertTrue(Oids.isOid("1.2.840.10008"));
        assertTrue(Oids.isOid("2.16.840.1.113883.3.0"));
        assertTrue(Oids.isOid("0.0"));
        for (String bad : new String[] {"", "1", "1.", "3.1", "1.02", "1..2", ".1.2", "1.2a", "HOSP", "1.2.3."}) {
            assertFalse(Oids.isOid(bad), bad);
        }
    }

    @Test
    void fortyKilobytesAreNotAnOidAndDoNotOverflowTheStack() {
        String uid = "1.2" + ".3".repeat(20_000);
        assertFalse(Oids.isOid(uid));
        assertFalse(IdentifierSystems.fromUniversalId(uid, "ISO") != null);
    }
}
