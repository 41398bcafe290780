package org.radbridge.dicom.net;

import java.io.Closeable;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets a connection slot of a {@link DicomServer}, so that slow or stalled peers cannot starve the others:
 * <ul>
 * <li><b>Request phase</b> (from TCP accept until the association is established or the connection closes; this
 *     includes the TLS handshake and the wait for the peer to close after an A-ASSOCIATE-RJ): at most
 *     {@code maxPending} connections, and at most {@code maxPendingPerAddress} from one remote address. A new
 *     connection beyond a bound does not wait and is not refused: the oldest request-phase connection of the address
 *     holding the most (one still without a complete A-ASSOCIATE-RQ first) is closed instead, so a peer trickling
 *     requests cannot keep a prompt one out.</li>
 * <li><b>ARTIM</b> (PS3.8 9.1.5, state Sta2): the whole A-ASSOCIATE-RQ must arrive within {@code artimMillis} of the
 *     accept, however slowly it trickles; else the transport connection is closed (PS3.8 AA-2). The timer stops when
 *     the request has been read completely (AE-6).</li>
 * <li><b>Association slots</b> ({@code maxAssociations}): taken only once the request is complete and accepted
 *     (called and calling AE checked, {@link AssociationPolicy} passed); beyond the bound the acceptor answers
 *     A-ASSOCIATE-RJ transient / service-provider (presentation) / local-limit-exceeded (PS3.8 7.1.1.7).</li>
 * </ul>
 * Threads and file descriptors of a listener are thus bounded by maxPending + maxAssociations. Closing a connection
 * happens on the given executor, never on the accept or timer thread (closing a TLS socket may wait for a read).
 * Evictions and ARTIM expiries are logged as one WARN a minute at most, with a count.
 */
final class AssociationAdmission implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationAdmission.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A connection in the request phase. */
    private static final class Pending {
        final InetAddress address;
        volatile boolean requestReceived;
        ScheduledFuture<?> artim;

        Pending(InetAddress address) {
            this.address = address;
        }
    }

    private final String name;
    private final int artimMillis;
    private final int maxPending;
    private final int maxPendingPerAddress;
    private final int maxAssociations;
    private final Executor closer;
    private final ScheduledExecutorService timer;
    /** Request-phase connections, oldest first (guarded by this). */
    private final LinkedHashMap<Association, Pending> pending = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> pendingPerAddress = new HashMap<>();
    /** Connections holding an association slot (guarded by this). */
    private final java.util.Set<Association> established = new java.util.HashSet<>();
    private long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;
    private int unlogged;

    AssociationAdmission(String name, int artimMillis, int maxPending, int maxPendingPerAddress, int maxAssociations,
            Executor closer) {
        if (maxPending < 1 || maxPendingPerAddress < 1 || maxAssociations < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.name = name;
        this.artimMillis = artimMillis > 0 ? artimMillis : 10_000;
        this.maxPending = maxPending;
        this.maxPendingPerAddress = maxPendingPerAddress;
        this.maxAssociations = maxAssociations;
        this.closer = closer;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Threads.daemons("dicom-" + name + "-artim"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /**
     * A connection was accepted: it enters the request phase and its ARTIM starts. When a bound is reached, the
     * connection chosen by the rule of the class is closed (asynchronously).
     */
    void admit(Association as) {
        InetAddress addr = as.remoteAddress() == null ? null : as.remoteAddress().getAddress();
        Association evict;
        Pending p = new Pending(addr);
        synchronized (this) {
            evict = pendingPerAddress.getOrDefault(addr, 0) >= maxPendingPerAddress ? oldest(addr)
                    : pending.size() >= maxPending ? oldest(busiestAddress()) : null;
            if (evict != null) {
                remove(evict);
            }
            pending.put(as, p);
            pendingPerAddress.merge(addr, 1, Integer::sum);
            p.artim = timer.schedule(() -> artimExpired(as, p), artimMillis, TimeUnit.MILLISECONDS);
        }
        if (evict != null) {
            noteDropped("request-phase limit reached (" + maxPending + ", " + maxPendingPerAddress + " per address)",
                    evict);
            closeLater(evict, "closed: too many connections in the association request phase");
        }
    }

    /** The A-ASSOCIATE-RQ has been read completely: ARTIM stops (PS3.8 AE-6). */
    void requestReceived(Association as) {
        Pending p;
        synchronized (this) {
            p = pending.get(as);
        }
        if (p != null) {
            p.requestReceived = true;
            ScheduledFuture<?> f = p.artim;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /**
     * Takes an association slot for an accepted request: true if one was free (the connection leaves the request
     * phase), false if {@code maxAssociations} are established (the caller answers local-limit-exceeded).
     */
    synchronized boolean establish(Association as) {
        if (established.size() >= maxAssociations || !pending.containsKey(as)) {
            return false;
        }
        remove(as);
        established.add(as);
        return true;
    }

    /** The connection closed: frees its request-phase entry or its association slot. */
    synchronized void closed(Association as) {
        if (remove(as) == null) {
            established.remove(as);
        }
    }

    /** Connections in the request phase, for tests and logs. */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** Established associations holding a slot. */
    synchronized int establishedCount() {
        return established.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void artimExpired(Association as, Pending p) {
        synchronized (this) {
            if (p.requestReceived || pending.get(as) != p) {
                return;
            }
            remove(as);
        }
        noteDropped("no complete A-ASSOCIATE-RQ within ARTIM (" + artimMillis + " ms)", as);
        closeLater(as, "ARTIM expired before the A-ASSOCIATE-RQ was complete");
    }

    private Pending remove(Association as) {
        Pending p = pending.remove(as);
        if (p != null) {
            pendingPerAddress.computeIfPresent(p.address, (a, n) -> n <= 1 ? null : n - 1);
            if (p.artim != null) {
                p.artim.cancel(false);
            }
        }
        return p;
    }

    /** The oldest request-phase connection of addr still without a complete request, else its oldest; or null. */
    private Association oldest(InetAddress addr) {
        Association any = null;
        for (Iterator<Map.Entry<Association, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Association, Pending> e = it.next();
            if (java.util.Objects.equals(e.getValue().address, addr)) {
                if (!e.getValue().requestReceived) {
                    return e.getKey();
                }
                any = any == null ? e.getKey() : any;
            }
        }
        return any;
    }

    private InetAddress busiestAddress() {
        InetAddress best = null;
        int most = -1;
        for (Map.Entry<InetAddress, Integer> e : pendingPerAddress.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    private void closeLater(Association as, String reason) {
        try {
            closer.execute(() -> as.close(reason));
        } catch (RuntimeException rejected) {
            as.close(reason); // executor shut down: the server is closing anyway
        }
    }

    /** One WARN a minute at most, with the number of connections dropped since the last one. */
    private void noteDropped(String why, Association as) {
        int count;
        synchronized (this) {
            unlogged++;
            long now = System.nanoTime();
            if (now - lastLog < LOG_INTERVAL_NANOS) {
                LOG.debug("{}: closing a connection from {}: {}", name, address(as), why);
                return;
            }
            lastLog = now;
            count = unlogged;
            unlogged = 0;
        }
        LOG.warn("{}: closing a connection from {}: {}; {} connection(s) closed so in the last minute "
                + "(slow or stalled peers; more at DEBUG)", name, address(as), why, count);
    }

    private static String address(Association as) {
        return as.remoteAddress() == null ? "?" : as.remoteAddress().getAddress().getHostAddress();
    }
}
