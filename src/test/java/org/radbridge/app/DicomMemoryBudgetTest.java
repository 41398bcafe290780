package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.SmallHeapProbe;

/**
 * The global DIMSE buffer budget (radbridge.dicom.max-buffered-bytes, issue 11 item 7 applied to DICOM): 30
 * associations that each send 5 MB of an MWL C-FIND or MPPS N-CREATE data set without its last fragment (150 MB in
 * all) against the engine in a JVM with a 160 MB heap and an 8 MiB budget ({@link DicomMemoryProbe}). Associations
 * beyond the budget are aborted and counted, a good client keeps getting C-ECHO answers, and there is no
 * OutOfMemoryError (the child JVM would exit at the first one). Without the budget the probe runs out of heap.
 */
class DicomMemoryBudgetTest {

    @TempDir
    Path tmp;

    @Test
    void unfinishedLargeDataSetsCannotExhaustTheHeap() throws Exception {
        Path log = tmp.resolve("probe.log");
        String out = SmallHeapProbe.run(DicomMemoryProbe.class, log, 110);
        String tail = SmallHeapProbe.tail(out);
        Matcher m = Pattern.compile("RESULT aborted=(\\d+) held=(\\d+) good=(\\d+) bad=(\\d+) maxEchoMs=(\\d+) after=(\\S+)"
                + " echoscu=(-?\\d+) refused=(\\S+) buffered=(\\S+)").matcher(out);
        assertTrue(m.find(), tail);
        System.out.println("DicomMemoryProbe: " + m.group() + "; WARN lines: " + out.lines().filter(l -> l.contains("WARN")).count());
        int aborted = Integer.parseInt(m.group(1));
        assertTrue(Integer.parseInt(m.group(2)) <= 2, "at most 8 MiB of 5 MB data sets are held: " + m.group());
        assertTrue(aborted >= 28, m.group());
        assertEquals(0, Integer.parseInt(m.group(4)), "every C-ECHO of the good client was answered 0000: " + m.group());
        assertTrue(Integer.parseInt(m.group(3)) >= 1, m.group());
        assertEquals("0000", m.group(6), "a new association after the flood is answered: " + m.group());
        assertTrue(m.group(7).equals("0") || m.group(7).equals("-1"), "echoscu (when installed) succeeds: " + m.group());
        assertEquals(aborted, (int) Double.parseDouble(m.group(8)), "each abort counted in radbridge_dicom_refused_total");
        assertTrue(Double.parseDouble(m.group(9)) <= 8 * 1024 * 1024, "radbridge_dicom_buffered_bytes within the budget: " + m.group());
        assertTrue(out.lines().filter(l -> l.contains("WARN") && l.contains("DimseBufferBudget")).count() <= 2,
                "one WARN per minute and reason, not one per association");
    }
}
