package org.radbridge.dicom.net;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Back-off of an accept loop whose {@code accept()} fails — typically EMFILE ("Too many open files"), where
 * the pending connection stays in the backlog and an immediate retry fails again: the loop sleeps
 * {@value #MIN_DELAY_MS} ms, doubling up to {@value #MAX_DELAY_MS} ms while failures continue, and the failure
 * is logged once per interval (the first at once, then how many followed). The first success resets it and
 * says that accepting works again. Used by one thread (the accept loop).
 */
final class AcceptBackoff {

    static final long MIN_DELAY_MS = 10;
    static final long MAX_DELAY_MS = 1000;

    private final String name;
    private final Logger log;
    private final long logIntervalMs;
    private final LongSupplier clock;
    private long delay;
    private long failures;
    private long unlogged;
    private long nextLogAt;

    AcceptBackoff(String name, Logger log, long logIntervalMs, LongSupplier clock) {
        this.name = name;
        this.log = log;
        this.logIntervalMs = logIntervalMs;
        this.clock = clock;
    }

    /** Records a failed accept; returns how long to wait (ms) before the next one. */
    long failed(Exception e) {
        failures++;
        long now = clock.getAsLong();
        if (failures == 1 || now >= nextLogAt) {
            log.warn("{}: accept failed: {}{}; backing off up to {} ms between attempts", name, e.toString(),
                    unlogged > 0 ? " (" + unlogged + " more failures since the last report)" : "", MAX_DELAY_MS);
            unlogged = 0;
            nextLogAt = now + logIntervalMs;
        } else {
            unlogged++;
        }
        delay = delay == 0 ? MIN_DELAY_MS : Math.min(MAX_DELAY_MS, delay * 2);
        return delay;
    }

    /** Records a successful accept. */
    void succeeded() {
        if (failures > 0) {
            log.info("{}: accepting connections again after {} failed attempts", name, failures);
            failures = 0;
            unlogged = 0;
            delay = 0;
            nextLogAt = 0;
        }
    }
}
