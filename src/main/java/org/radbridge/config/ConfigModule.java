package org.radbridge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mapping.Hl7Peers;

/**
 * Site adaptation without a release (docs/site-adaptation.md): held effects ({@link Holding}, GET /api/held, metric
 * radbridge_effects_held, the "configuration" health check in WARN while any is held) and hot reload
 * ({@link ConfigReloader}, POST /api/config/reload, optional file watching). Configured before the flow modules:
 * they find the beans {@link #HOLDING} and {@link #RELOADER} and register their {@link Reloadable} parts.
 */
public final class ConfigModule implements EngineModule {

    public static final String HOLDING = "holding";
    public static final String RELOADER = "configReloader";
    /** The Camel route policy factory that makes swaps happen between messages. */
    public static final String GATE = "configGate";

    private ConfigWatcher watcher;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        ConfigGate gate = new ConfigGate();
        HeldEffects held = new HeldEffects(ctx.db());
        Holding holding = new Holding(held, new HeldFlows(), ctx.journal(), ctx.intake(), ctx.workers(), ctx.audit());
        ConfigReloader reloader = new ConfigReloader(s, ctx.bean(Beans.MAPPING_LOADERS), ctx.mappings(), ctx.journal(), ctx.audit(), ctx.metrics(), gate, holding,
                Duration.ofSeconds(s.getInt("radbridge.config.swap-timeout-seconds", 1, 3600)));
        Path routes = Path.of(s.get("radbridge.routes.dir", "routes"));
        if (Files.isDirectory(routes)) {
            reloader.routeFolder("routes", routes);
        }
        reloader.register(new Reloadable() {
            @Override
            public String name() {
                return "intake (peers/hl7-senders.yaml, codes/message-flows.yaml, identifier paths of hl7-to-mwl/)";
            }

            @Override
            public Swap prepare(org.radbridge.mapping.Mappings next) {
                Hl7Peers peers = Hl7Peers.load(next);
                MessageFlows flows = MessageFlows.load(next);
                org.radbridge.order.OrderIdentifiers ids = org.radbridge.order.OrderIdentifiers.load(next);
                return () -> ctx.intake().reconfigure(peers, flows, ids);
            }
        });
        ctx.bind(GATE, gate);
        ctx.bind(HOLDING, holding);
        ctx.bind(RELOADER, reloader);
        new ConfigApi(holding, reloader).register(ctx.http());
        ctx.metrics().collector(m -> m.set("radbridge_effects_held", "Effects held for a configuration reason (GET /api/held)",
                held.count()));
        ctx.health().addCheck(new HealthCheck() {
            @Override
            public String name() {
                return "configuration";
            }

            @Override
            public Result check() {
                long n = held.count();
                return n == 0 ? new Result(true, "digest " + reloader.digest())
                        : Result.warning(n + " effect(s) held for a configuration reason (GET /api/held); fix the configuration "
                                + "and POST /api/config/reload");
            }
        });
        reloader.started();
        if (s.getBoolean("radbridge.config.watch")) {
            watcher = new ConfigWatcher(reloader, s.getInt("radbridge.config.watch-interval-ms", 100, 3_600_000));
        }
    }

    @Override
    public void start(EngineContext ctx) {
        ctx.<ConfigReloader>bean(RELOADER).started();
        if (watcher != null) {
            watcher.start();
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (watcher != null) {
            watcher.close();
        }
    }
}
