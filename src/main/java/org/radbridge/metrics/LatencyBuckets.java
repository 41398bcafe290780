package org.radbridge.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The bucket bounds of RadBridge's latency histograms (MLLP ACK, MWL C-FIND, writer commit): 0.5 ms to 10 s in
 * 1-2.5-5 steps, so a sub-millisecond commit and a C-FIND that takes seconds both land in a bucket of their own
 * (Prometheus {@code histogram_quantile} interpolates inside a bucket).
 */
public final class LatencyBuckets {

    /** Upper bounds in seconds (plus +Inf). */
    public static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private LatencyBuckets() {
    }

    /** The bounds as durations (for a Micrometer {@code Timer.Builder.serviceLevelObjectives}). */
    public static Duration[] durations() {
        Duration[] slo = new Duration[SECONDS.length];
        for (int i = 0; i < slo.length; i++) {
            slo[i] = Duration.ofNanos(Math.round(SECONDS[i] * 1e9));
        }
        return slo;
    }

    /** A timer builder with these buckets and no client-side percentiles. */
    static Timer.Builder timer(String name, String help, Tags tags) {
        return Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(durations());
    }
}
