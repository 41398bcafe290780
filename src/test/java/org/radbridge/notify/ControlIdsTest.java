package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlIdsTest {

    @Test
    void idsFitMsh10OfV231AndAreUnique() {
        ControlIds ids = new ControlIds("RB");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertEquals(18, id.length());
            assertTrue(id.matches("RB[0-9A-Z]{16}"), id);
            assertTrue(seen.add(id), "unique");
        }
    }

    @Test
    void idsSortByCreationTime() {
        ControlIds ids = new ControlIds("RB");
        String a = ids.next(1_700_000_000_000L);
        String b = ids.next(1_700_000_000_001L);
        String c = ids.next(1_800_000_000_000L);
        assertTrue(a.substring(0, 12).compareTo(b.substring(0, 12)) < 0);
        assertTrue(b.compareTo(c) < 0);
    }

    @Test
    void prefixIsShortAndPlain() {
        assertThrows(IllegalArgumentException.class, () -> new ControlIds("TOOLONG"));
        assertThrows(IllegalArgumentException.class, () -> new ControlIds("R|"));
    }
}
