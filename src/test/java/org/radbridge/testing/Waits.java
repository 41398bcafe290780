package org.radbridge.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * Condition waits for tests (Awaitility): {@link #until} waits for something to happen, {@link #holds} asserts
 * that something keeps holding (does not happen) for a period, in place of a fixed sleep before an assertion.
 */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(50);

    private Waits() {
    }

    /** Waits until {@code condition} is true, at most {@code atMost}; fails naming {@code what} otherwise. */
    public static void until(String what, Duration atMost, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(POLL).pollDelay(Duration.ZERO).until(condition);
    }

    /** Asserts that {@code condition} stays true for the whole {@code period} (the absence of an event). */
    public static void holds(String what, Duration period, Callable<Boolean> condition) {
        Awaitility.await(what).during(period).atMost(period.plusSeconds(5)).pollInterval(POLL).until(condition);
    }
}
