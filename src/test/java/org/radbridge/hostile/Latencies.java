package org.radbridge.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured answer times of one well-behaved client, and what went wrong. Thread-safe. */
final class Latencies {

    private final String name;
    private final long boundMillis;
    private final List<Long> millis = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Latencies(String name, long boundMillis) {
        this.name = name;
        this.boundMillis = boundMillis;
    }

    synchronized void ok(long ms) {
        millis.add(ms);
        if (ms > boundMillis) {
            failures.add("answered after " + ms + " ms (bound " + boundMillis + " ms)");
        }
    }

    synchronized void failed(long ms, String what) {
        millis.add(ms);
        failures.add(what + " after " + ms + " ms");
    }

    synchronized int count() {
        return millis.size();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** "name: n=.. p50=.. p95=.. max=.. ms, failures=..". */
    synchronized String summary() {
        List<Long> s = new ArrayList<>(millis);
        Collections.sort(s);
        if (s.isEmpty()) {
            return name + ": no requests";
        }
        return String.format("%-28s n=%3d p50=%5d p95=%5d max=%5d ms (bound %d ms), failures=%d", name, s.size(),
                s.get(s.size() / 2), s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1)),
                s.get(s.size() - 1), boundMillis, failures.size());
    }
}
