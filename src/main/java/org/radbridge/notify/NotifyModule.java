package org.radbridge.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.Outbox;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EMR delivery (docs/emr-delivery.md): registers the outbound HL7 destinations on the outbox (MLLP, with
 * TLS where configured, or the file outbox when a destination has no address), and binds the beans of
 * routes/report-to-emr.camel.yaml ("reportToEmr") and the order status notifier ("statusNotifier") that
 * other flows call.
 */
public final class NotifyModule implements EngineModule {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyModule.class);

    private final List<MllpDestination> mllp = new ArrayList<>();
    private ScheduledExecutorService sweeper;

    @Override
    public void configure(EngineContext ctx) {
        ctx.bind("transport.mllp", (org.radbridge.outbox.TransportFactory) (name, address, onAe, onAr) -> {
            int colon = address.lastIndexOf(':');
            Hl7DestinationConfig cfg = new Hl7DestinationConfig(name, address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1)), Hl7DestinationConfig.REPORT_CONSUMER, "", "", null,
                    5000, 30000, 60000, onAe, onAr, java.util.Map.of(), 1, true, "", "2.5.1");
            return new MllpDestination(cfg, null, ctx.metrics());
        });
        Hl7Destinations destinations = Hl7Destinations.load(ctx.mappings(), ctx.settings());
        for (Hl7DestinationConfig cfg : destinations.all()) {
            if (cfg.isFile()) {
                Hl7FileDestination f = new Hl7FileDestination(cfg, ctx.settings().dataDir().resolve("outbox").resolve(cfg.name()));
                ctx.workers().register(f);
                LOG.info("HL7 destination {} ({}): file outbox {}", cfg.name(), cfg.role(), f.dir());
            } else {
                org.radbridge.tls.ClientTls tls = cfg.tls() == null ? null : DestinationTls.of(cfg.name(), cfg.tls(), ctx.tls());
                MllpDestination d = new MllpDestination(cfg, tls, ctx.metrics());
                mllp.add(d);
                ctx.workers().register(d);
                LOG.info("HL7 destination {} ({}): MLLP{} {} , {} worker(s), AE {}, AR {}", cfg.name(), cfg.role(),
                        tls == null ? "" : " over TLS", cfg.address(), cfg.workers(), cfg.onAe(), cfg.onAr());
            }
        }
        ControlIds ids = new ControlIds("RB");
        Hl7Outbox outbox = new Hl7Outbox(ctx.outbox(), destinations, ids);
        ReportToEmr reports = new ReportToEmr(ReportRouting.load(ctx.mappings(), destinations), outbox,
                ctx.intake().siteHooks(), ctx.bean(org.radbridge.config.ConfigModule.HOLDING));
        ctx.bind("reportToEmr", reports);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "report routing (to-hl7/report-to-emr.yaml)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    ReportRouting r = ReportRouting.load(next, destinations); // destinations themselves: at start
                    return () -> reports.reconfigure(r);
                }
            });
        }
        Forwarding forwarding = new Forwarding(forwardRules(ctx, destinations), outbox, ctx.outbox(), ids, ctx.intake().siteHooks());
        ctx.bind("forwarding", forwarding);
        ctx.intake().forwarding(m -> forwarding.rules().matches(m));
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "forwarding rules (to-hl7/forwarding.yaml)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    java.util.Set<String> deid = new java.util.HashSet<>();
                    org.radbridge.deid.Targets.load(next).forEach(t -> deid.add(t.name()));
                    ForwardRules r = ForwardRules.load(next, destinations, deid); // destinations themselves: at start
                    return () -> forwarding.rules(r);
                }
            });
        }
        ctx.bind("statusNotifier", StatusNotifier.load(ctx.mappings(), outbox, new StatusMessages.Sender(
                ctx.settings().get("radbridge.hl7.application", "RADBRIDGE"), ctx.settings().get("radbridge.hl7.facility", "RADBRIDGE")), ids,
                ctx.intake()::identifiers));
        List<String> names = destinations.all().stream().map(Hl7DestinationConfig::name).toList();
        ctx.metrics().collector(m -> showIdle(m, ctx.outbox(), names));
    }

    /** mappings/to-hl7/forwarding.yaml, checked against the HL7 destinations and the de-identified targets. */
    public static ForwardRules forwardRules(EngineContext ctx, Hl7Destinations destinations) {
        java.util.Set<String> deid = new java.util.HashSet<>();
        org.radbridge.deid.Targets.load(ctx.mappings()).forEach(t -> deid.add(t.name()));
        return ForwardRules.load(ctx.mappings(), destinations, deid);
    }

    /**
     * The foundation's outbox gauges list only destinations that have unfinished entries or were paused:
     * the HL7 destinations appear from the start with zeros, so an alert on them has a series to watch.
     */
    private static void showIdle(Metrics m, Outbox outbox, List<String> names) {
        java.util.Set<String> known = outbox.stats().keySet();
        for (String n : names) {
            if (!known.contains(n)) {
                m.set("radbridge_outbox_depth", "Unfinished outbox entries per destination", 0, "destination", n);
                m.set("radbridge_outbox_dead_letters", "Dead-lettered outbox entries per destination", 0, "destination", n);
                m.set("radbridge_outbox_oldest_age_seconds", "Age of the oldest unfinished entry per destination", 0, "destination", n);
                m.set("radbridge_destination_paused", "1 when a destination is paused", 0, "destination", n);
            }
        }
    }

    @Override
    public void start(EngineContext ctx) {
        if (!mllp.isEmpty()) {
            sweeper = Threads.scheduler("hl7-idle-connections");
            sweeper.scheduleWithFixedDelay(() -> mllp.forEach(MllpDestination::closeIdle), 5, 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
