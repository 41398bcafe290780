package org.radbridge.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.radbridge.threads.Threads;

/**
 * The whole-request deadline of the HTTP API (docs/security.md, "HTTP limits"): a connection has
 * {@code deadlineMillis} to deliver each complete request — request line, headers and body — counted from the
 * moment it was opened or its previous answer was sent. A client that trickles its header a byte at a time, or
 * holds a half-sent body, is closed when the time is up, however often it sends a byte (the idle timeout alone
 * would never fire). While a request is being processed (its body read) the connection has no deadline here.
 * Registered on the connector as a {@link Connection.Listener}; a sweep runs every quarter of the deadline.
 */
final class RequestDeadlines implements Connection.Listener, AutoCloseable {

    private final long deadlineMillis;
    /** A connection whose request is complete and being processed. */
    private static final long PROCESSING = Long.MIN_VALUE;
    /** Open connections: since when each is receiving a request, or {@link #PROCESSING}. */
    private final Map<Connection, AtomicLong> receiving = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    RequestDeadlines(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
        this.sweeper = Threads.scheduler("radbridge-http-deadlines");
        long every = Math.max(50, deadlineMillis / 4);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection c) {
        receiving.put(c, new AtomicLong(now()));
    }

    @Override
    public void onClosed(Connection c) {
        receiving.remove(c);
    }

    /** The request on {@code c} is complete (head and body): no deadline while it is processed. */
    void received(Connection c) {
        AtomicLong since = receiving.get(c);
        if (since != null) {
            since.set(PROCESSING);
        }
    }

    /** The answer on {@code c} was sent: the next request's time starts. */
    void answered(Connection c) {
        AtomicLong since = receiving.get(c);
        if (since != null) {
            since.set(now());
        }
    }

    /** Connections closed because their request was not complete in time (for /metrics). */
    long closedCount() {
        return closed.get();
    }

    /** Open connections (for /metrics). */
    int open() {
        return receiving.size();
    }

    void sweep() {
        long now = now();
        for (Map.Entry<Connection, AtomicLong> e : receiving.entrySet()) {
            long since = e.getValue().get();
            if (since != PROCESSING && now - since > deadlineMillis) {
                receiving.remove(e.getKey());
                closed.incrementAndGet();
                e.getKey().getEndPoint().close();
            }
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
