package org.radbridge.availability;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls Orthanc's change log (GET /changes) for StableStudy (a study that received no new instance for Orthanc's
 * StableAge seconds) and sends each stable study through routes/study-available.camel.yaml. Only the engine instance
 * holding the lease "orthanc-poller" (a row with owner and expiry, radbridge.availability.lease-seconds, renewed at
 * each change) polls; the cursor (the last change processed) is stored after each change, so a restart or a takeover
 * by another instance continues where it stopped (at least once: a change may be processed twice; the second finds
 * the same counts and sends nothing). Without a cursor it starts at the newest change: studies stored before the
 * first start are not announced.
 */
final class OrthancPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrthancPoller.class);
    static final String LEASE = "orthanc-poller";
    static final String CURSOR = "orthanc-changes";

    private final OrthancClient orthanc;
    private final AvailabilityStore store;
    private final Function<AvailabilityJob, AvailabilityJob> process;
    private final String owner;
    private final long leaseMillis;
    private final long pollMillis;
    private ScheduledExecutorService executor;
    private volatile boolean holding;
    private volatile String lastError = "";

    OrthancPoller(OrthancClient orthanc, AvailabilityStore store, Function<AvailabilityJob, AvailabilityJob> process,
            String owner, long leaseMillis, long pollMillis) {
        this.orthanc = orthanc;
        this.store = store;
        this.process = process;
        this.owner = owner;
        this.leaseMillis = leaseMillis;
        this.pollMillis = pollMillis;
    }

    void start() {
        executor = Threads.scheduler("orthanc-poller");
        executor.scheduleWithFixedDelay(this::pollSafely, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    boolean holding() {
        return holding;
    }

    String lastError() {
        return lastError;
    }

    private boolean renew() {
        holding = store.db().writeAndWait(tx -> store.lease(tx, LEASE, owner, leaseMillis));
        return holding;
    }

    private void pollSafely() {
        try {
            poll();
            lastError = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!e.toString().equals(lastError)) {
                LOG.warn("Orthanc poller ({}) failed", orthanc.describe(), e); // once per distinct error
            }
            lastError = e.toString();
        }
    }

    /** One round: while holding the lease, every change after the cursor. */
    void poll() throws Exception {
        if (!renew()) {
            return;
        }
        String cur = store.cursor(CURSOR);
        long since;
        if (cur == null) {
            since = orthanc.lastChange();
            long start = since;
            store.db().writeAndWait(tx -> {
                store.cursor(tx, CURSOR, Long.toString(start));
                return null;
            });
            LOG.info("Orthanc poller: no cursor yet, starting at change {}", since);
        } else {
            since = Long.parseLong(cur);
        }
        while (!Thread.currentThread().isInterrupted()) {
            OrthancClient.Changes page = orthanc.changes(since, 100);
            for (OrthancClient.Change c : page.changes()) {
                if (!renew()) {
                    return;
                }
                if ("StableStudy".equals(c.type())) {
                    StudyEvent e = orthanc.studyById(c.resourceId());
                    if (!e.studyInstanceUid().isEmpty()) {
                        process.apply(new AvailabilityJob(e.withSource("orthanc", orthanc.describe(), "", Long.toString(c.seq()))));
                    }
                }
                long seq = c.seq();
                store.db().writeAndWait(tx -> {
                    store.cursor(tx, CURSOR, Long.toString(seq));
                    return null;
                });
                since = seq;
            }
            if (page.done() || page.changes().isEmpty()) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (holding) {
            try {
                store.db().writeAndWait(tx -> {
                    store.releaseLease(tx, LEASE, owner);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debug("lease release: {}", e.toString());
            }
        }
    }
}
