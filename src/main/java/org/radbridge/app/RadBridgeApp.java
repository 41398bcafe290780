package org.radbridge.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.radbridge.intake.StoredMessages;
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

    private RadBridgeApp(Engine engine, Main main, ProducerTemplate template) {
        this.engine = engine;
        this.main = main;
        this.template = template;
    }

    public static RadBridgeApp start(Settings s) throws Exception {
        Engine engine = Engine.build(s);
        Main main = new Main();
        try {
            main.setOverrideProperties(engine.camelProperties());
            main.configure().withName("radbridge")
                    .withRoutesIncludePattern(routesPattern(s))
                    .withDurationMaxSeconds(0)
                    .withShutdownTimeout(10);
            main.configure().withTracing(false);
            Map<String, Object> props = Map.of("camel.component.netty.maximum-pool-size",
                    s.getInt("radbridge.mllp.max-concurrent", 1, 4096));
            props.forEach((k, v) -> main.addOverrideProperty(k, String.valueOf(v)));
            for (Map.Entry<String, Object> b : engine.beans().entrySet()) {
                main.bind(b.getKey(), b.getValue());
            }
            main.start();
            CamelContext camel = main.getCamelContext();
            if (camel == null || !camel.isStarted()) {
                throw new IllegalStateException("Camel did not start (see the log above)");
            }
            ProducerTemplate template = camel.createProducerTemplate();
            RadBridgeApp app = new RadBridgeApp(engine, main, template);
            engine.context().routes(new RouteGateway() {
                @Override
                public <T> T request(String endpoint, Object body, Class<T> type) throws Exception {
                    try {
                        return template.requestBody(endpoint, body, type);
                    } catch (org.apache.camel.CamelExecutionException e) {
                        throw e.getCause() instanceof Exception c ? c : e;
                    }
                }
            });
            org.radbridge.config.ConfigReloader reloader = engine.context().bean(org.radbridge.config.ConfigModule.RELOADER);
            Path routesDir = Path.of(s.get("radbridge.routes.dir", "routes"));
            if (reloader != null && Files.isDirectory(routesDir)) {
                reloader.register(new RouteReload(camel, routesDir));
            }
            engine.context().journalWriter().onStored(id -> template.asyncSendBody("seda:stored-processing", id));
            engine.reprocessor((id, force, who) -> {
                engine.context().routes().request("direct:reprocess", new StoredMessages.ReprocessRequest(id, force, who), Object.class);
                return "reprocessed";
            });
            engine.start();
            List<Long> pending = engine.context().journal().pending(engine.context().db());
            if (!pending.isEmpty()) {
                LOG.info("Resuming {} stored messages whose processing was pending", pending.size());
                pending.forEach(id -> template.sendBody("seda:stored-processing", id));
            }
            LOG.info("RadBridge started: MLLP {}:{}, HTTP {}, data {}", s.get("radbridge.bind-host"), s.get("radbridge.mllp.port"),
                    engine.context().api().port(), s.dataDir().toAbsolutePath());
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
        return engine.context().api().port();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping Camel: {}", e.toString());
        }
        engine.close();
    }
}
