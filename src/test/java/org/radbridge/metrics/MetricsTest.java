package org.radbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The handles a hot path keeps (intake's per-message counters) update the same series as inc/set. */
    @Test
    void keptHandlesUpdateTheSameSeriesAsIncAndSet() {
        Metrics m = new Metrics();
        m.inc("radbridge_messages_received_total", "test", "type", "ORM^O01", "sender", "ris");
        var counter = m.counter("radbridge_messages_received_total", "test", "type", "ORM^O01", "sender", "ris");
        counter.increment();
        counter.increment();
        m.inc("radbridge_messages_received_total", "test", "type", "ORM^O01", "sender", "ris");
        assertEquals(4, m.counterValue("radbridge_messages_received_total", "type", "ORM^O01", "sender", "ris"));
        var gauge = m.gauge("radbridge_last_message_received_timestamp_seconds", "test", "sender", "ris");
        gauge.accept(12.5);
        assertTrue(m.scrape().contains("\nradbridge_last_message_received_timestamp_seconds{sender=\"ris\"} 12.5\n"));
        m.set("radbridge_last_message_received_timestamp_seconds", "test", 13, "sender", "ris");
        assertTrue(m.scrape().contains("\nradbridge_last_message_received_timestamp_seconds{sender=\"ris\"} 13.0\n"));
        m.close();
    }

    /** Micrometer's Prometheus conventions would rename some of these (a gauge ending in _total, units): not here. */
    @Test
    void namesAreExposedAsCalledAndLabelsKeepTheirValues() {
        Metrics m = new Metrics();
        m.inc("radbridge_messages_received_total", "test", "type", "ORM^O01", "sender", "RIS|HOSP");
        m.add("radbridge_security_alerts_total", "test", 3, "alert", "missing-token");
        m.set("radbridge_shadow_reports_total", "a gauge named _total", 4);
        m.set("radbridge_outbox_oldest_age_seconds", "test", 1.5, "destination", "emr");
        m.set("radbridge_db_writer_commits", "a gauge without unit", 7);
        m.observe("radbridge_mwl_query_seconds", "test", 0.003);
        String text = m.scrape();
        assertTrue(text.contains("\nradbridge_messages_received_total{sender=\"RIS|HOSP\",type=\"ORM^O01\"} 1.0\n"), text);
        assertTrue(text.contains("\nradbridge_security_alerts_total{alert=\"missing-token\"} 3.0\n"), text);
        assertTrue(text.contains("\n# TYPE radbridge_shadow_reports_total gauge\nradbridge_shadow_reports_total 4.0\n"), text);
        assertTrue(text.contains("\nradbridge_outbox_oldest_age_seconds{destination=\"emr\"} 1.5\n"), text);
        assertTrue(text.contains("\nradbridge_db_writer_commits 7.0\n"), text);
        assertTrue(text.contains("\nradbridge_mwl_query_seconds_count 1\n"), text);
        assertTrue(text.contains("\nradbridge_mwl_query_seconds_sum 0.003\n"), text);
        assertTrue(text.contains("\nradbridge_mwl_query_seconds_bucket{le=\"0.0025\"} 0\n"), text);
        assertTrue(text.contains("\nradbridge_mwl_query_seconds_bucket{le=\"0.005\"} 1\n"), text);
        assertTrue(text.contains("\njvm_memory_heap_used_bytes "), text);
        assertTrue(text.contains("\nprocess_uptime_seconds "), text);
        assertEquals(1, m.counterValue("radbridge_messages_received_total", "type", "ORM^O01", "sender", "RIS|HOSP"));
        m.clearGauge("radbridge_outbox_oldest_age_seconds");
        assertFalse(m.scrape().contains("radbridge_outbox_oldest_age_seconds{"), "cleared series are gone");
        m.set("radbridge_outbox_oldest_age_seconds", "test", 2, "destination", "emr");
        assertTrue(m.scrape().contains("\nradbridge_outbox_oldest_age_seconds{destination=\"emr\"} 2.0\n"), "and can be set again");
        m.close();
    }

    @Test
    void aFailingCollectorIsCountedAndTheScrapeGoesOn() {
        Metrics m = new Metrics();
        m.collector(x -> {
            throw new IllegalStateException("database down");
        });
        m.collector(x -> x.set("radbridge_outbox_depth", "test", 2, "destination", "emr"));
        String text = m.scrape();
        assertTrue(text.contains("radbridge_outbox_depth{destination=\"emr\"} 2.0"), text);
        assertEquals(1, m.counterValue("radbridge_metrics_collector_errors_total"));
        m.close();
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
