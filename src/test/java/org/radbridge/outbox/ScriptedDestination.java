package org.radbridge.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A destination whose answers a test scripts per payload and attempt (the outbox's own contract is the
 * thing under test here, so the receiver is a script): records every delivery in order.
 */
final class ScriptedDestination implements Destination {

    private final String name;
    private final int workers;
    private final boolean deadBlocks;
    private final BiFunction<String, Integer, DeliveryResult> script;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> delivered = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    volatile int maxParallel;
    volatile long delayMillis;

    ScriptedDestination(String name, int workers, boolean deadBlocks, BiFunction<String, Integer, DeliveryResult> script) {
        this.name = name;
        this.workers = workers;
        this.deadBlocks = deadBlocks;
        this.script = script;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public boolean deadLetterBlocksKey() {
        return deadBlocks;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        int p = inFlight.incrementAndGet();
        maxParallel = Math.max(maxParallel, p);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis); // paces a deliberately slow destination
            }
            String payload = e.payloadText();
            int n = attempts.computeIfAbsent(payload, k -> new AtomicInteger()).incrementAndGet();
            DeliveryResult r = script.apply(payload, n);
            if (r.outcome() == DeliveryResult.Outcome.DELIVERED) {
                synchronized (delivered) {
                    delivered.add(payload);
                }
            }
            return r;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    List<String> delivered() {
        synchronized (delivered) {
            return new ArrayList<>(delivered);
        }
    }

    int attempts(String payload) {
        AtomicInteger a = attempts.get(payload);
        return a == null ? 0 : a.get();
    }
}
