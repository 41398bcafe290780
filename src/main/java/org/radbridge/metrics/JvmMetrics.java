package org.radbridge.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * JVM and process metrics, read at scrape time: the names /metrics always had ({@code jvm_memory_heap_used_bytes},
 * {@code jvm_memory_heap_max_bytes}, {@code jvm_threads_live}, {@code process_uptime_seconds},
 * {@code jvm_gc_collection_seconds_total{gc}}) and Micrometer's binders (memory pools and buffers, GC pauses,
 * threads by state, classes, CPU, file descriptors). Micrometer's uptime binder is left out: its
 * {@code process_uptime_seconds} is the name kept here.
 */
final class JvmMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    JvmMetrics(MeterRegistry r) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Gauge.builder("jvm_memory_heap_used_bytes", mem, m -> m.getHeapMemoryUsage().getUsed()).description("JVM heap in use").register(r);
        Gauge.builder("jvm_memory_heap_max_bytes", mem, m -> m.getHeapMemoryUsage().getMax()).description("JVM heap maximum").register(r);
        Gauge.builder("jvm_threads_live", ManagementFactory.getThreadMXBean(), t -> t.getThreadCount()).description("Live JVM threads")
                .register(r);
        Gauge.builder("process_uptime_seconds", ManagementFactory.getRuntimeMXBean(), rt -> rt.getUptime() / 1000.0)
                .description("Process uptime").register(r);
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            // a counter since the JVM started (it was exposed as a gauge of the same name before Micrometer)
            FunctionCounter.builder("jvm_gc_collection_seconds_total", bean, b -> b.getCollectionTime() / 1000.0)
                    .description("Time spent in GC").tags("gc", bean.getName()).register(r);
        }
        new JvmMemoryMetrics().bindTo(r);
        gc.bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new FileDescriptorMetrics().bindTo(r);
    }

    @Override
    public void close() {
        gc.close();
    }
}
