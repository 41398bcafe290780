package org.radbridge.intake;

import java.util.concurrent.atomic.AtomicLong;

/** Control ids for the acknowledgements the engine sends (their MSH-10): unique per instance and time. */
public final class AckIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final long start = System.currentTimeMillis();

    public AckIds(String instanceTag) {
        this.prefix = "RB" + instanceTag + Long.toString(start, 36).toUpperCase(java.util.Locale.ROOT);
    }

    public String next() {
        return prefix + "-" + counter.incrementAndGet();
    }
}
