package org.radbridge.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.radbridge.engine.EngineContext;
import org.radbridge.explain.DryRuns;
import org.radbridge.explain.Explainer;
import org.radbridge.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine for dry runs (bin/radbridge explain, replay --expect, the shadow run): the site's configuration
 * (mappings/ with its overlay, peers, routes/) with everything that reaches outside the process switched off.
 * Its data lives in a temporary folder that is deleted on {@link #close}: the embedded database, whatever the
 * configured radbridge.db.url and radbridge.data-dir are, so the site's journal, outbox and audit trail are never
 * touched. Only the in-process routes (direct:, seda:) start: no listener is opened (neither MLLP nor the HTTP API
 * nor the DICOM listener), no timer or poller runs, and no outbox worker runs: nothing is delivered to a FHIR server, an EMR or an export folder.
 */
public final class DryRunApp implements DryRuns.DryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunApp.class);

    private final Engine engine;
    private final Main main;
    private final Path dataDir;
    private final ProducerTemplate template;

    private DryRunApp(Engine engine, Main main, Path dataDir, ProducerTemplate template) {
        this.engine = engine;
        this.main = main;
        this.dataDir = dataDir;
        this.template = template;
    }

    /** The settings of a dry run: {@code s} with its own temporary data and nothing that reaches out. */
    static Settings dry(Settings s, Path dataDir) {
        Map<String, String> o = new HashMap<>();
        o.put("radbridge.data-dir", dataDir.toString());
        o.put("radbridge.db.url", "");
        o.put("radbridge.db.user", "");
        o.put("radbridge.db.password", "");
        o.put("radbridge.db.sqlite-synchronous", "OFF");
        o.put("radbridge.db.pool-size", "2");
        o.put("radbridge.bind-host", "127.0.0.1");
        o.put("radbridge.http.port", "0");
        o.put("radbridge.mllp.port", "0");
        o.put("radbridge.mllp.tls.port", "");
        o.put("radbridge.dicom.port", "0");
        o.put("radbridge.dicom.tls.port", "");
        o.put("radbridge.emr.mllp", "");
        o.put("radbridge.fhir.url", "");
        o.put("radbridge.worklist.export-dir", "");
        o.put("radbridge.availability.orthanc.url", "");
        o.put("radbridge.audit.key", "dry-run");
        o.put("radbridge.audit.atna.host", "");
        o.put("radbridge.mappings.shadow-dir", "");
        o.put("radbridge.config.watch", "false");
        o.put("radbridge.instance-id", "dry-run");
        return s.with(o);
    }

    /** Builds the engine on a temporary folder and starts its routes, except those reading from a listener. */
    public static DryRunApp start(Settings site) throws Exception {
        Path data = Files.createTempDirectory("radbridge-dry-run");
        Settings s = dry(site, data);
        Engine engine;
        try {
            engine = Engine.build(s);
        } catch (Exception | Error e) {
            deleteTree(data);
            throw e;
        }
        Main main = RadBridgeApp.newMain(engine, s, "radbridge-dry-run");
        try {
            main.configure().withAutoStartup(false);
            main.start();
            CamelContext camel = main.getCamelContext();
            if (camel == null || !camel.isStarted()) {
                throw new IllegalStateException("Camel did not start (see the log above)");
            }
            for (Route r : camel.getRoutes()) {
                String from = r.getEndpoint().getEndpointUri();
                if (from.startsWith("direct:") || from.startsWith("seda:")) { // in-process only: no listener, timer or poller
                    camel.getRouteController().startRoute(r.getRouteId());
                }
            }
            engine.context().<org.radbridge.site.SiteRoutes>bean(Engine.SITE_ROUTES).attach(camel);
            ProducerTemplate template = camel.createProducerTemplate();
            engine.context().routes(RadBridgeApp.gateway(template));
            engine.context().journalWriter().onStored(id -> template.sendBody("seda:stored-processing", id)); // an in-memory queue offer
            LOG.debug("dry-run engine ready on {}", data);
            return new DryRunApp(engine, main, data, template);
        } catch (Exception e) {
            try {
                main.stop();
            } catch (Exception ignored) {
                // best effort
            }
            engine.close();
            deleteTree(data);
            throw e;
        }
    }

    /** An explainer over this engine's routes and beans. */
    @Override
    public Explainer explainer() {
        EngineContext ctx = engine.context();
        return new Explainer(ctx.intake(), ctx.journalWriter().acks(), ctx::routes);
    }

    public Engine engine() {
        return engine;
    }

    public ProducerTemplate template() {
        return template;
    }

    /** The temporary data folder (deleted on close). */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping Camel failed", e);
        }
        engine.close();
        deleteTree(dataDir);
    }

    static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }
}
