package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.SmallHeapProbe;

/**
 * The global MLLP buffer budget (radbridge.mllp.max-buffered-bytes, issue 11 item 7): 40 connections that each
 * send a start block and 9 MB without an end block (360 MB in all) against an engine in a JVM with a 160 MB heap
 * and a 16 MiB budget ({@link MllpMemoryProbe}). Blocks beyond the budget are refused (connection closed), a good
 * client keeps getting AA, and there is no OutOfMemoryError (the child JVM would exit at the first one).
 */
class MllpMemoryBudgetTest {

    @TempDir
    Path tmp;

    @Test
    void unfinishedLargeBlocksCannotExhaustTheHeap() throws Exception {
        Path log = tmp.resolve("probe.log");
        String out = SmallHeapProbe.run(MllpMemoryProbe.class, log, 150);
        String tail = SmallHeapProbe.tail(out);
        Matcher m = Pattern.compile("RESULT closed=(\\d+) held=(\\d+) good=(\\d+) bad=(\\d+) maxAckMs=(\\d+) after=(\\w+)").matcher(out);
        assertTrue(m.find(), tail);
        System.out.println("MllpMemoryProbe: " + m.group() + "; WARN lines: " + out.lines().filter(l -> l.contains("WARN")).count());
        Map<String, Integer> r = Map.of("closed", Integer.parseInt(m.group(1)), "held", Integer.parseInt(m.group(2)),
                "good", Integer.parseInt(m.group(3)), "bad", Integer.parseInt(m.group(4)));
        assertNotNull(r);
        assertTrue(r.get("held") <= 2, "at most 16 MiB of 9 MB blocks are held: " + m.group());
        assertTrue(r.get("closed") >= 38, m.group());
        assertEquals(0, r.get("bad"), "the good client got only AA: " + m.group());
        assertTrue(r.get("good") >= 1, m.group());
        assertEquals("AA", m.group(6), "a message after the flood is answered AA");
    }
}
