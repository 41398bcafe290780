package org.radbridge.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.engine.EngineContext;
import org.radbridge.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful stop (SIGTERM; docs/deploy.md "Graceful stop") within radbridge.shutdown.grace-seconds:
 * <ol>
 * <li>/health/ready answers 503 (draining); every listener stops accepting: MLLP plain and TLS ({@link MllpDrain}:
 * listening sockets closed, bytes on open connections dropped), DICOM plain and TLS (listening sockets closed);</li>
 * <li>the MLLP messages in flight finish: each is answered AA after its commit, or, when the grace period runs
 * out, not answered (never AA'd without its commit: the journal writer commits before the ACK is written); then
 * the MLLP connections close;</li>
 * <li>open DICOM associations get a share of the grace period to be released by their peers, then are aborted;</li>
 * <li>Camel stops (the after-store processing in flight finishes or resumes at the next start), then the engine:
 * HTTP, modules (their leases given back), outbox workers (their claims given back), the journal writer's queue is
 * flushed and the database closed.</li>
 * </ol>
 * HTTP (health, metrics) keeps answering until the last step, so probes see "not ready" while draining.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    /** The MLLP listener routes (routes/intake.camel.yaml). */
    static final String[] MLLP_ROUTES = {"mllp-listener", "mllp-tls-listener"};

    private GracefulStop() {
    }

    /** Health check "mllp" (also gates /health/ready): the MLLP listener routes run and accept. */
    static HealthCheck mllpCheck(CamelContext camel, MllpDrain drain, boolean tls) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "mllp";
            }

            @Override
            public boolean readiness() {
                return true;
            }

            @Override
            public Result check() {
                if (drain.draining()) {
                    return new Result(false, "not accepting (graceful stop)");
                }
                boolean up = started(camel, MLLP_ROUTES[0]) && (!tls || started(camel, MLLP_ROUTES[1]));
                return new Result(up, up ? "listening" + (tls ? " (plain and TLS)" : "") : "not listening");
            }
        };
    }

    private static boolean started(CamelContext camel, String routeId) {
        return camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }

    /** Steps 1-3; returns how many MLLP messages were still in flight when the wait ended (0 = all answered). */
    static int drainListeners(Engine engine, CamelContext camel, Duration grace) {
        long start = System.nanoTime();
        long listenersUntil = start + grace.toNanos() * 6 / 10; // the rest: DICOM, Camel, outbox workers, database
        EngineContext ctx = engine.context();
        MllpDrain mllp = ctx.bean(MllpHandlers.DRAIN);
        DicomListenerModule dicom = engine.module(DicomListenerModule.class);
        engine.coreApi().draining();
        java.util.Set<Integer> closed = mllp.stopAccepting();
        stopUnusedListeners(camel, ctx.settings(), closed);
        if (dicom != null) {
            dicom.stopAccepting();
        }
        LOG.info("Graceful stop: listeners closed, {} MLLP connections and {} DICOM associations open, waiting for {} MLLP "
                + "messages in flight (grace period {} s)", mllp.openConnections(), dicom == null ? 0 : dicom.openAssociations(),
                mllpInFlight(camel), grace.toSeconds());
        waitUntil(() -> mllpInFlight(camel) == 0, listenersUntil);
        int unanswered = mllpInFlight(camel);
        mllp.closeConnections();
        if (dicom != null) {
            long dicomUntil = Math.min(listenersUntil + grace.toNanos() / 10, System.nanoTime() + grace.toNanos() / 5);
            waitUntil(() -> dicom.openAssociations() == 0, dicomUntil);
        }
        LOG.info("Graceful stop: MLLP drained in {} ms ({} messages not answered), {} DICOM associations left to abort",
                (System.nanoTime() - start) / 1_000_000, unanswered, dicom == null ? 0 : dicom.openAssociations());
        return unanswered;
    }

    /** Listener routes that never had a connection have nothing in flight: they stop at once (socket closed). */
    private static void stopUnusedListeners(CamelContext camel, Settings s, java.util.Set<Integer> closedPorts) {
        for (int i = 0; i < MLLP_ROUTES.length; i++) {
            int port = ListenerPorts.bound(camel, MLLP_ROUTES[i]); // the bound port (the configured one may be 0)
            if (port < 0 || closedPorts.contains(port)
                    || camel.getRouteController().getRouteStatus(MLLP_ROUTES[i]) != ServiceStatus.Started) {
                continue;
            }
            try {
                camel.getRouteController().stopRoute(MLLP_ROUTES[i], 2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Graceful stop: stopping route {} failed", MLLP_ROUTES[i], e);
            }
        }
    }

    static int mllpInFlight(CamelContext camel) {
        int n = 0;
        for (String r : MLLP_ROUTES) {
            n += camel.getInflightRepository().size(r);
        }
        return n;
    }

    private static void waitUntil(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
