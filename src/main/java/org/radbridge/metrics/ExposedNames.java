package org.radbridge.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Keeps the names of {@code GET /metrics}: a name without a dot is already the exposed Prometheus name
 * (RadBridge's own metrics, e.g. {@code radbridge_shadow_reports_total}, a gauge that Micrometer's Prometheus
 * convention would rename to {@code radbridge_shadow_reports}) and is used as it is; dotted names of binders
 * (JVM, camel-micrometer) follow {@link PrometheusNamingConvention} (unit and {@code _total} suffixes).
 */
final class ExposedNames implements NamingConvention {

    private final PrometheusNamingConvention prometheus = new PrometheusNamingConvention();

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return name.indexOf('.') < 0 ? name : prometheus.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
        return prometheus.tagKey(key);
    }

    @Override
    public String tagValue(String value) {
        return prometheus.tagValue(value);
    }
}
