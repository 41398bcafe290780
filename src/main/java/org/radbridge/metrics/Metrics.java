package org.radbridge.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A small metrics registry with Prometheus text exposition (format 0.0.4): counters and gauges with
 * labels, latency summaries, and gauge callbacks evaluated at scrape time. Label values are
 * identifiers of systems and message types, never patient data. Callers bound the values they derive from
 * input (unknown message types count as "other", unknown senders as "unknown"); as a last guard a family
 * keeps at most {@link #MAX_SERIES} label sets, and further ones are counted with every label value
 * "other" (and in radbridge_metrics_series_overflow_total).
 */
public final class Metrics {

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final List<Consumer<Metrics>> collectors = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final class Family {
        final String name;
        final String help;
        final String type;
        final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
        final Map<String, Double> gauges = new ConcurrentHashMap<>();
        final Map<String, DoubleAdder> sums = new ConcurrentHashMap<>();

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }
    }

    /** Most label sets one family keeps (Prometheus: every label set is a series of its own). */
    public static final int MAX_SERIES = 1000;
    private static final String OVERFLOW = "radbridge_metrics_series_overflow_total";

    private Family family(String name, String help, String type) {
        return families.computeIfAbsent(name, n -> new Family(n, help, type));
    }

    /** The key a new label set is stored under: itself, or all values "other" once the family is full. */
    private String boundedKey(Family f, Map<String, ?> series, String... labels) {
        String k = labelKey(labels);
        if (series.size() < MAX_SERIES || series.containsKey(k) || f.name.equals(OVERFLOW)) {
            return k;
        }
        String[] other = labels.clone();
        for (int i = 1; i < other.length; i += 2) {
            other[i] = "other";
        }
        add(OVERFLOW, "Metric updates whose label set was folded into \"other\" because the family had too many series",
                1, "family", f.name);
        return labelKey(other);
    }

    /** Adds 1 to a counter; labels as alternating name, value. */
    public void inc(String name, String help, String... labels) {
        add(name, help, 1, labels);
    }

    public void add(String name, String help, long n, String... labels) {
        Family f = family(name, help, "counter");
        f.counters.computeIfAbsent(boundedKey(f, f.counters, labels), k -> new LongAdder()).add(n);
    }

    public long counterValue(String name, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        LongAdder a = f.counters.get(labelKey(labels));
        return a == null ? 0 : a.sum();
    }

    /** Sets a gauge. */
    public void set(String name, String help, double value, String... labels) {
        Family f = family(name, help, "gauge");
        f.gauges.put(boundedKey(f, f.gauges, labels), value);
    }

    /** Records a duration into a summary (count and sum in seconds). */
    public void observe(String name, String help, double seconds, String... labels) {
        Family f = family(name, help, "summary");
        String k = boundedKey(f, f.counters, labels);
        f.counters.computeIfAbsent(k, x -> new LongAdder()).increment();
        f.sums.computeIfAbsent(k, x -> new DoubleAdder()).add(seconds);
    }

    /** Removes all series of a gauge (before a collector sets them again). */
    public void clearGauge(String name) {
        Family f = families.get(name);
        if (f != null) {
            f.gauges.clear();
        }
    }

    /** A callback run at every scrape, e.g. to read outbox depth from the database. */
    public void collector(Consumer<Metrics> c) {
        collectors.add(c);
    }

    private static String labelKey(String... labels) {
        if (labels.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        return sb.toString();
    }

    private static String escape(String v) {
        if (v == null) {
            return "";
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Prometheus text format. */
    public String scrape() {
        for (Consumer<Metrics> c : collectors) {
            try {
                c.accept(this);
            } catch (RuntimeException e) {
                inc("radbridge_metrics_collector_errors_total", "Errors while collecting metrics");
            }
        }
        jvm();
        StringBuilder sb = new StringBuilder(4096);
        for (Family f : new TreeMap<>(families).values()) {
            sb.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
            sb.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
            if (f.type.equals("summary")) {
                for (Map.Entry<String, LongAdder> e : new TreeMap<>(f.counters).entrySet()) {
                    sb.append(f.name).append("_count").append(braces(e.getKey())).append(' ').append(e.getValue().sum()).append('\n');
                    DoubleAdder s = f.sums.get(e.getKey());
                    sb.append(f.name).append("_sum").append(braces(e.getKey())).append(' ').append(s == null ? 0 : s.sum()).append('\n');
                }
            } else if (f.type.equals("counter")) {
                for (Map.Entry<String, LongAdder> e : new TreeMap<>(f.counters).entrySet()) {
                    sb.append(f.name).append(braces(e.getKey())).append(' ').append(e.getValue().sum()).append('\n');
                }
            } else {
                for (Map.Entry<String, Double> e : new TreeMap<>(f.gauges).entrySet()) {
                    sb.append(f.name).append(braces(e.getKey())).append(' ').append(format(e.getValue())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static String braces(String k) {
        return k.isEmpty() ? "" : "{" + k + "}";
    }

    private void jvm() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        set("jvm_memory_heap_used_bytes", "JVM heap in use", mem.getHeapMemoryUsage().getUsed());
        set("jvm_memory_heap_max_bytes", "JVM heap maximum", mem.getHeapMemoryUsage().getMax());
        set("jvm_threads_live", "Live JVM threads", ManagementFactory.getThreadMXBean().getThreadCount());
        set("process_uptime_seconds", "Process uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
            names.add(gc.getName());
            set("jvm_gc_collection_seconds_total", "Time spent in GC", gc.getCollectionTime() / 1000.0, "gc", gc.getName());
        });
    }
}
