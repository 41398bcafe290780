package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/** mappings/codes/order-control.yaml: the defaults of the issue and the refusal of unmapped combinations. */
class OrderControlTest {

    static final OrderControl OC = OrderControl.load(new Mappings(ProjectPaths.project().resolve("mappings"), null));

    @Test
    void defaults() {
        for (String k : new String[] {"NW_", "NW_SC", "NW_IP", "XO_", "XO_SC"}) {
            assertEquals("SCHEDULED", OC.status(k.split("_", -1)[0], k.split("_", -1)[1], 1), k);
        }
        for (String k : new String[] {"XO_CM", "SC_CM", "SC_A"}) {
            assertEquals("COMPLETED", OC.status(k.split("_", -1)[0], k.split("_", -1)[1], 1), k);
        }
        for (String k : new String[] {"CA_", "CA_CA", "OC_"}) {
            assertEquals("CANCELED", OC.status(k.split("_", -1)[0], k.split("_", -1)[1], 1), k);
        }
        for (String k : new String[] {"DC_", "DC_CA", "DC_DC", "OD_"}) {
            assertEquals("DISCONTINUED", OC.status(k.split("_", -1)[0], k.split("_", -1)[1], 1), k);
        }
        assertEquals("SCHEDULED", OC.status(" nw ", "sc", 1), "case and padding tolerant");
    }

    @Test
    void unmappedCombinationIsAe103NamingOrc1AndOrc5() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> OC.status("NW", "HD", 2));
        assertEquals(Hl7Error.Code.TABLE_VALUE_NOT_FOUND, e.code());
        assertEquals("ORC", e.location().segment());
        assertEquals(2, e.location().sequence());
        assertEquals(1, e.location().field());
        assertTrue(e.text().contains("ORC-1 'NW'") && e.text().contains("ORC-5 'HD'"), e.text());
        assertThrows(Hl7Error.class, () -> OC.status("CR", "", 1));
    }

    @Test
    void onlyNwCreates() {
        assertTrue(OC.creates("NW"));
        assertFalse(OC.creates("XO"));
        assertFalse(OC.creates("CA"));
    }
}
