package org.radbridge.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.radbridge.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-address connection cap of the HTTP API (docs/security.md §2.1, "HTTP limits"): a connection that
 * would make one remote address hold more than {@code maxPerAddress} open connections is closed as soon as it
 * is opened, before anything is read from it, so one address can never take all of
 * {@code radbridge.http.max-connections} and starve /health for everyone else. Each refusal is counted (for
 * /metrics) and logged at most once a minute, with how many more there were. Registered on the connector as a
 * {@link Connection.Listener}.
 */
final class AddressConnectionLimit implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AddressConnectionLimit.class);

    private final int maxPerAddress;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /** The connections counted in {@link #open}: a refused one is not. */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);

    AddressConnectionLimit(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void onOpened(Connection c) {
        InetAddress a = address(c.getEndPoint().getRemoteSocketAddress());
        if (a == null) {
            return;
        }
        AtomicInteger n = open.compute(a, (k, v) -> {
            AtomicInteger x = v == null ? new AtomicInteger() : v;
            x.incrementAndGet();
            return x;
        });
        if (n.get() > maxPerAddress) {
            release(a);
            refused.incrementAndGet();
            log.event("per-address", RateLimitedLog.Level.WARN, "HTTP connection from {} closed: it has {} open connections, "
                    + "the most one address may hold (radbridge.http.max-connections-per-address)", a.getHostAddress(), maxPerAddress);
            c.getEndPoint().close();
            return;
        }
        counted.put(c, a);
    }

    @Override
    public void onClosed(Connection c) {
        InetAddress a = counted.remove(c);
        if (a != null) {
            release(a);
        }
    }

    private void release(InetAddress a) {
        open.computeIfPresent(a, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    private static InetAddress address(SocketAddress s) {
        return s instanceof InetSocketAddress i ? i.getAddress() : null;
    }

    /** Connections closed because their address had too many open, since start (for /metrics). */
    long refusedCount() {
        return refused.get();
    }
}
