package org.radbridge.mllp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.radbridge.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and blocks the MLLP listeners refuse to protect the engine (docs/security.md, "MLLP resource
 * limits"): each is counted in {@code radbridge_mllp_refused_total{listener,reason}} and logged at most once
 * per interval and reason (with how many more there were), so a flood of them cannot become a log storm.
 */
public final class MllpRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(MllpRefusals.class);
    static final String METRIC = "radbridge_mllp_refused_total";

    /** Why a connection was closed or a block dropped; the metric's reason label. */
    public enum Reason {
        MAX_CONNECTIONS("max-connections"),
        MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address"),
        MESSAGE_DEADLINE("message-deadline"),
        BUFFER_BUDGET("buffer-budget"),
        INCOMPLETE_BLOCK("incomplete-block");

        public final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final Metrics metrics;
    private final long intervalMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final AtomicLong nextLogAt = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }

    public MllpRefusals(Metrics metrics, long intervalMillis) {
        this.metrics = metrics;
        this.intervalMillis = intervalMillis;
    }

    /** Counts one refusal and logs it unless one of the same kind was logged within the interval. */
    public void record(String listener, Reason reason, Object remote, String what) {
        if (metrics != null) {
            metrics.inc(METRIC, "MLLP connections closed or blocks dropped by a resource limit or a framing error",
                    "listener", listener, "reason", reason.label);
        }
        Window w = windows.computeIfAbsent(listener + "/" + reason.label, k -> new Window());
        long now = System.currentTimeMillis();
        long next = w.nextLogAt.get();
        if (now >= next && w.nextLogAt.compareAndSet(next, now + intervalMillis)) {
            long more = w.suppressed.getAndSet(0);
            LOG.warn("{}: {} ({}){}", listener, what, remote,
                    more > 0 ? "; " + more + " more like this since the last report" : "");
        } else {
            w.suppressed.incrementAndGet();
        }
    }

    public long count(String listener, Reason reason) {
        return metrics == null ? 0 : metrics.counterValue(METRIC, "listener", listener, "reason", reason.label);
    }
}
