package org.radbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The engine's metrics: a facade over a Micrometer {@link PrometheusMeterRegistry} whose scrape is
 * {@code GET /metrics} (Prometheus text exposition format 0.0.4). Callers name their metric with its exposed
 * Prometheus name ({@code radbridge_messages_received_total}) and pass labels as alternating name, value; the
 * name is exposed unchanged ({@link ExposedNames}), so dashboards and alert rules keep working. Counters,
 * gauges, latency histograms (buckets {@link LatencyBuckets}, 0.5 ms to 10 s) and gauge callbacks evaluated at
 * scrape time; JVM and process metrics ({@link JvmMetrics}); Camel route timings through camel-micrometer on
 * {@link #registry()}.
 *
 * <p>Label values are identifiers of systems and message types, never patient data. Callers bound the values
 * they derive from input (unknown message types count as "other", unknown senders as "unknown"); as a last
 * guard a family keeps at most {@link #MAX_SERIES} label sets, and further ones are counted with every label
 * value "other" (and in radbridge_metrics_series_overflow_total). Meters are cached per label set, so a
 * counter update on the intake path costs a map lookup and an adder.
 */
public final class Metrics implements AutoCloseable {

    /** Most label sets one family keeps (Prometheus: every label set is a series of its own). */
    public static final int MAX_SERIES = 1000;
    private static final String OVERFLOW = "radbridge_metrics_series_overflow_total";

    private final PrometheusMeterRegistry registry;
    private final JvmMetrics jvm;
    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final List<Consumer<Metrics>> collectors = new CopyOnWriteArrayList<>();
    private final Object scrapeLock = new Object();

    /** A metric family: one name, its meters by label key. */
    private static final class Family {
        final String name;
        final String help;
        final Map<LabelKey, Object> meters = new ConcurrentHashMap<>(); // Counter, Timer or GaugeValue

        Family(String name, String help) {
            this.name = name;
            this.help = help;
        }
    }

    /** A gauge's current value (set by its owner, read at scrape) and the gauge reading it. */
    private static final class GaugeValue {
        volatile double value;
        Gauge gauge;
    }

    public Metrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new ExposedNames());
        jvm = new JvmMetrics(registry);
    }

    /** The Micrometer registry (for camel-micrometer and other binders; their dotted names follow Prometheus conventions). */
    public MeterRegistry registry() {
        return registry;
    }

    private Family family(String name, String help) {
        Family f = families.get(name);
        return f != null ? f : families.computeIfAbsent(name, n -> new Family(n, help));
    }

    /**
     * A label set as given (names and values alternating), compared by content: a lookup costs a hash over the
     * strings' cached hash codes, no string building.
     */
    private static final class LabelKey {
        final String[] labels;
        final int hash;

        LabelKey(String[] labels) {
            this.labels = labels;
            this.hash = Arrays.hashCode(labels);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelKey k && k.hash == hash && Arrays.equals(k.labels, labels);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The key a new label set is stored under: itself, or all values "other" once the family is full. */
    private LabelKey boundedKey(Family f, String[] labels) {
        LabelKey k = new LabelKey(labels);
        if (f.meters.size() < MAX_SERIES || f.meters.containsKey(k) || f.name.equals(OVERFLOW)) {
            return k;
        }
        for (int i = 1; i < labels.length; i += 2) {
            labels[i] = "other";
        }
        add(OVERFLOW, "Metric updates whose label set was folded into \"other\" because the family had too many series",
                1, "family", f.name);
        return new LabelKey(labels);
    }

    /** The meter of a label set, registered on first use (labels bounded by {@link #MAX_SERIES}). */
    private Object meter(Family f, String[] labels, BiFunction<Family, Tags, Object> create) {
        Object m = f.meters.get(new LabelKey(labels));
        if (m != null) {
            return m;
        }
        String[] own = labels.clone(); // the caller's array may be reused
        for (int i = 1; i < own.length; i += 2) {
            own[i] = own[i] == null ? "" : own[i]; // a missing value is the empty one (one series, one meter)
        }
        LabelKey key = boundedKey(f, own);
        return f.meters.computeIfAbsent(key, x -> create.apply(f, tags(own)));
    }

    /** Adds 1 to a counter; labels as alternating name, value. */
    public void inc(String name, String help, String... labels) {
        add(name, help, 1, labels);
    }

    public void add(String name, String help, long n, String... labels) {
        Family f = family(name, help);
        ((Counter) meter(f, labels, (fam, t) -> Counter.builder(fam.name).description(fam.help).tags(t).register(registry)))
                .increment(n);
    }

    /**
     * The counter of one label set, for callers on a hot path that keep it (same series as {@link #inc} with these
     * labels, bounded by {@link #MAX_SERIES} when first registered).
     */
    public Counter counter(String name, String help, String... labels) {
        Family f = family(name, help);
        return (Counter) meter(f, labels, (fam, t) -> Counter.builder(fam.name).description(fam.help).tags(t).register(registry));
    }

    /**
     * A setter of one gauge series, for callers on a hot path that keep it (same series as {@link #set}; a
     * {@link #clearGauge} of the family detaches it).
     */
    public java.util.function.DoubleConsumer gauge(String name, String help, String... labels) {
        Family f = family(name, help);
        GaugeValue g = (GaugeValue) meter(f, labels, (fam, t) -> {
            GaugeValue v = new GaugeValue();
            v.gauge = Gauge.builder(fam.name, v, x -> x.value).description(fam.help).tags(t).strongReference(true).register(registry);
            return v;
        });
        return x -> g.value = x;
    }

    /** The count of a counter's label set (0 when it never counted). */
    public long counterValue(String name, String... labels) {
        Family f = families.get(name);
        Object m = f == null ? null : f.meters.get(new LabelKey(labels));
        return m instanceof Counter c ? (long) c.count() : 0;
    }

    /** Sets a gauge. */
    public void set(String name, String help, double value, String... labels) {
        Family f = family(name, help);
        ((GaugeValue) meter(f, labels, (fam, t) -> {
            GaugeValue v = new GaugeValue();
            v.gauge = Gauge.builder(fam.name, v, x -> x.value).description(fam.help).tags(t).strongReference(true).register(registry);
            return v;
        })).value = value;
    }

    /**
     * Records a duration into a latency histogram ({@code _bucket}, {@code _count}, {@code _sum} and
     * {@code _max}; buckets {@link LatencyBuckets}). The name ends in {@code _seconds}.
     */
    public void observe(String name, String help, double seconds, String... labels) {
        timer(name, help, labels).record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }

    /**
     * The latency histogram of one label set, for callers on a hot path that keep it and call
     * {@code record(nanos, TimeUnit.NANOSECONDS)}.
     */
    public Timer timer(String name, String help, String... labels) {
        Family f = family(name, help);
        return (Timer) meter(f, labels, (fam, t) -> LatencyBuckets.timer(fam.name, fam.help, t).register(registry));
    }

    /** Removes all series of a gauge (before a collector sets them again). */
    public void clearGauge(String name) {
        Family f = families.get(name);
        if (f != null) {
            for (Object m : f.meters.values()) {
                registry.remove(m instanceof GaugeValue g ? g.gauge : (Meter) m);
            }
            f.meters.clear();
        }
    }

    /** A callback run at every scrape, e.g. to read outbox depth from the database. */
    public void collector(Consumer<Metrics> c) {
        collectors.add(c);
    }

    /** Prometheus text format 0.0.4, after running the collectors. */
    public String scrape() {
        synchronized (scrapeLock) {
            for (Consumer<Metrics> c : collectors) {
                try {
                    c.accept(this);
                } catch (RuntimeException e) {
                    inc("radbridge_metrics_collector_errors_total", "Errors while collecting metrics");
                }
            }
            return registry.scrape();
        }
    }

    /** Stops the JVM binders (GC notifications) and the registry. */
    @Override
    public void close() {
        jvm.close();
        registry.close();
    }

    private static Tags tags(String[] labels) {
        Tags t = Tags.empty();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            t = t.and(labels[i], labels[i + 1]);
        }
        return t;
    }
}
