package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stable, safe .wl file names. */
class WorklistExportNameTest {

    @Test
    void readableWhenSafe() {
        assertEquals("1.2.3_SPS1.wl", WorklistExport.fileName("1.2.3", "SPS1"));
    }

    @Test
    void unsafeCharactersAreReplacedAndKeptUnique() {
        String a = WorklistExport.fileName("1.2.3", "../x");
        String b = WorklistExport.fileName("1.2.3", "..\\x");
        assertTrue(a.matches("[A-Za-z0-9._\\-]+\\.wl") && !a.contains("/"), a);
        assertNotEquals(a, b);
        assertEquals(a, WorklistExport.fileName("1.2.3", "../x"), "stable");
    }
}
