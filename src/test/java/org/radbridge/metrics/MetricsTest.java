package org.radbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.intake.MessageFlows;

/** Issue 11 item 8: label values derived from input cannot grow /metrics without bound. */
class MetricsTest {

    @Test
    void aFamilyKeepsAtMostMaxSeriesAndFoldsTheRestIntoOther() {
        Metrics m = new Metrics();
        for (int i = 0; i < Metrics.MAX_SERIES + 500; i++) {
            m.inc("t_total", "test", "type", "T" + i, "sender", "s");
        }
        String text = m.scrape();
        long series = text.lines().filter(l -> l.startsWith("t_total{")).count();
        assertEquals(Metrics.MAX_SERIES + 1, series, "the cap plus one \"other\" series");
        assertEquals(500, m.counterValue("t_total", "type", "other", "sender", "other"));
        assertEquals(500, m.counterValue("radbridge_metrics_series_overflow_total", "family", "t_total"));
        m.inc("t_total", "test", "type", "T1", "sender", "s");
        assertEquals(2, m.counterValue("t_total", "type", "T1", "sender", "s"), "existing series keep counting");
    }

    @Test
    void messageTypesNotInMessageFlowsAreOther() {
        MessageFlows f = new MessageFlows(Map.of("ORM^O01", List.of("order-to-worklist"), "ADT^*", List.of("record-only")));
        assertEquals("ORM^O01", f.metricLabel("ORM^O01"));
        assertEquals("ADT^*", f.metricLabel("ADT^A99"));
        assertEquals("other", f.metricLabel("ZQX^Q1"));
        assertEquals("other", f.metricLabel("ORM^O99"));
        assertEquals("batch", f.metricLabel("FHS"));
        assertEquals("unreadable", f.metricLabel(""));
        assertTrue(f.metricLabel("ORM^O01\"}evil").equals("other"));
    }
}
