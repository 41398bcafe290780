package org.radbridge.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.radbridge.engine.RouteGateway;
import org.radbridge.intake.StoredMessages;
import org.radbridge.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: the {@link Engine}'s beans bound into a Camel Main that loads the YAML routes from
 * radbridge.routes.dir (or the copies packaged in the jar), then the engine's workers, HTTP and modules.
 * Used by `radbridge run` and by the tests, which start the real thing on free ports.
 */
public final class RadBridgeApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RadBridgeApp.class);

    private final Engine engine;
    private final Main main;
    private final ProducerTemplate template;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private RadBridgeApp(Engine engine, Main main, ProducerTemplate template) {
        this.engine = engine;
        this.main = main;
        this.template = template;
    }

    public static RadBridgeApp start(Settings s) throws Exception {
        Engine engine = Engine.build(s);
        Main main = newMain(engine, s, "radbridge");
        try {
            main.start();
            CamelContext camel = main.getCamelContext();
            if (camel == null || !camel.isStarted()) {
                throw new IllegalStateException("Camel did not start (see the log above)");
            }
            engine.context().<org.radbridge.site.SiteRoutes>bean(Engine.SITE_ROUTES).attach(camel);
            ProducerTemplate template = camel.createProducerTemplate();
            RadBridgeApp app = new RadBridgeApp(engine, main, template);
            engine.context().routes(RadBridgeApp.gateway(template));
            org.radbridge.config.ConfigReloader reloader = engine.context().bean(org.radbridge.config.ConfigModule.RELOADER);
            Path routesDir = Path.of(s.get("radbridge.routes.dir", "routes"));
            if (reloader != null && Files.isDirectory(routesDir)) {
                reloader.register(new RouteReload(camel, routesDir));
            }
            org.radbridge.site.SiteRoutes site = engine.context().bean(Engine.SITE_ROUTES);
            if (reloader != null && site != null && site.dir() != null) {
                reloader.routeFolder("site-routes", site.dir());
                reloader.register(new org.radbridge.config.Reloadable() {
                    @Override
                    public String name() {
                        return "site routes (radbridge.routes.site-dir)";
                    }

                    @Override
                    public Swap prepare(org.radbridge.mapping.Mappings next) {
                        org.radbridge.site.SiteRoutes.scan(site.dir()); // an invalid folder refuses the reload
                        return site::reload;
                    }
                });
            }
            org.radbridge.explain.ShadowRun shadow = engine.context().bean("shadowRun");
            if (reloader != null && shadow != null) {
                reloader.register(new org.radbridge.config.Reloadable() {
                    @Override
                    public String name() {
                        return "shadow run (radbridge.mappings.shadow-dir)";
                    }

                    @Override
                    public Swap prepare(org.radbridge.mapping.Mappings next) {
                        return shadow::rebuild; // compares against the configuration now live
                    }
                });
            }
            engine.context().journalWriter().onStored(id -> template.sendBody("seda:stored-processing", id)); // an in-memory queue offer
            engine.reprocessor((id, force, who) -> {
                engine.context().routes().request("direct:reprocess", new StoredMessages.ReprocessRequest(id, force, who), Object.class);
                return "reprocessed";
            });
            engine.context().health().addCheck(GracefulStop.mllpCheck(camel, engine.context().bean(MllpHandlers.DRAIN),
                    s.isSet("radbridge.mllp.tls.port")));
            engine.start();
            List<Long> pending = engine.context().journal().pending(engine.context().db());
            if (!pending.isEmpty()) {
                LOG.info("Resuming {} stored messages whose processing was pending", pending.size());
                pending.forEach(id -> template.sendBody("seda:stored-processing", id));
            }
            LOG.info("RadBridge started: MLLP {}:{}, HTTP {}, data {}", s.get("radbridge.bind-host"), app.mllpPort(),
                    engine.api().port(), s.dataDir().toAbsolutePath());
            return app;
        } catch (Exception e) {
            try {
                main.stop();
            } catch (Exception ignored) {
                // best effort
            }
            engine.close();
            throw e;
        }
    }

    /** Camel Main with the engine's beans and the YAML routes (not started). */
    static Main newMain(Engine engine, Settings s, String name) {
        Main main = new Main();
        main.setOverrideProperties(engine.camelProperties());
        main.configure().withName(name)
                .withRoutesIncludePattern(routesPattern(s, engine.context().bean(Engine.SITE_ROUTES)))
                .withDurationMaxSeconds(0)
                .withShutdownTimeout(10);
        main.configure().withTracing(false);
        Map<String, Object> props = Map.of("camel.component.netty.maximum-pool-size",
                s.getInt("radbridge.mllp.max-concurrent", 1, 4096));
        props.forEach((k, v) -> main.addOverrideProperty(k, String.valueOf(v)));
        for (Map.Entry<String, Object> b : engine.beans().entrySet()) {
            main.bind(b.getKey(), b.getValue());
        }
        return main;
    }

    /** The flows' way into Camel: a request to a route, its failure as the route's own exception. */
    static RouteGateway gateway(ProducerTemplate template) {
        return new RouteGateway() {
            @Override
            public <T> T request(String endpoint, Object body, Class<T> type) throws Exception {
                try {
                    return template.requestBody(endpoint, body, type);
                } catch (org.apache.camel.CamelExecutionException e) {
                    throw e.getCause() instanceof Exception c ? c : e;
                }
            }
        };
    }

    static String routesPattern(Settings s, org.radbridge.site.SiteRoutes site) {
        String sitePattern = site == null ? null : site.includePattern();
        return routesPattern(s) + (sitePattern == null ? "" : "," + sitePattern);
    }

    static String routesPattern(Settings s) {
        Path dir = Path.of(s.get("radbridge.routes.dir", "routes"));
        if (Files.isDirectory(dir)) {
            return "file:" + dir.toAbsolutePath() + "/*.camel.yaml";
        }
        return "classpath:routes/*.camel.yaml";
    }

    public Engine engine() {
        return engine;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public ProducerTemplate template() {
        return template;
    }

    /** The port a route's netty consumer is bound to is configured, but the HTTP port may be 0: the real one. */
    public int httpPort() {
        return engine.api().port();
    }

    /** The bound port of the MLLP listener (radbridge.mllp.port may be 0: the real one). */
    public int mllpPort() {
        return ListenerPorts.bound(camel(), GracefulStop.MLLP_ROUTES[0]);
    }

    /** The bound port of the MLLP/TLS listener, or -1 when radbridge.mllp.tls.port is not set. */
    public int mllpTlsPort() {
        return ListenerPorts.bound(camel(), GracefulStop.MLLP_ROUTES[1]);
    }

    /** The bound port of the DICOM listener (radbridge.dicom.port may be 0: the real one). */
    public int dicomPort() {
        return engine.module(DicomListenerModule.class).ports().get(0);
    }

    /** The bound port of the DICOM/TLS listener, or -1 when radbridge.dicom.tls.port is not set. */
    public int dicomTlsPort() {
        List<Integer> ports = engine.module(DicomListenerModule.class).ports();
        return ports.size() > 1 ? ports.get(1) : -1;
    }

    /**
     * Graceful stop ({@link GracefulStop}) within {@code grace}: listeners stop accepting, in-flight messages finish
     * (AA'd with their commit) or stay unanswered, then Camel and the engine stop (writer flushed, leases and claims
     * given back, associations closed). Returns the number of MLLP messages left unanswered (0 normally).
     */
    public int drainAndClose(java.time.Duration grace) {
        if (closed.get()) {
            return 0;
        }
        long start = System.nanoTime();
        int unanswered = 0;
        try {
            unanswered = GracefulStop.drainListeners(engine, main.getCamelContext(), grace);
        } catch (RuntimeException e) {
            LOG.warn("Graceful stop: draining the listeners failed, stopping now", e);
        }
        long leftMs = grace.toMillis() - (System.nanoTime() - start) / 1_000_000;
        try {
            // what Camel still has in flight (after-store processing) gets most of the rest; it resumes at the next start
            main.getCamelContext().getShutdownStrategy().setTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
            main.getCamelContext().getShutdownStrategy().setTimeout(Math.max(500, leftMs / 2));
        } catch (RuntimeException e) {
            LOG.debug("Camel shutdown timeout: {}", e.toString());
        }
        close();
        LOG.info("Graceful stop done in {} ms", (System.nanoTime() - start) / 1_000_000);
        return unanswered;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping Camel failed", e);
        }
        engine.close();
    }
}
