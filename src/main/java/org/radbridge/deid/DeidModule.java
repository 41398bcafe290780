package org.radbridge.deid;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.TransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-identification in the engine (design.md §6): loads mappings/deid/targets.yaml, checks every target's
 * profile (a keyed profile without radbridge.deid.key stops start-up), registers one outbox destination
 * per target, hooks the outbox so each entry of a target's source is copied to it in the same
 * transaction, and binds "deidExport" for route deid-export. Transports: a folder (the outbox's file
 * destination), MLLP and FHIR through the factories other modules bind as "destinationFactory.mllp" and
 * "destinationFactory.fhir" ({@code BiFunction<String name, String address, Destination>}), or this
 * module's own minimal ones when none is bound.
 */
public final class DeidModule implements EngineModule {

    private static final Logger LOG = LoggerFactory.getLogger(DeidModule.class);

    private DeidExport export;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Deidentifier deid = DeidSettings.deidentifier(ctx.settings(), ctx.mappings(), ctx.db(), Clock.systemUTC());
        List<Target> targets = Targets.load(ctx.mappings());
        Map<String, Destination> transports = new LinkedHashMap<>();
        export = new DeidExport(deid, ctx.audit(), transports);
        ctx.bind("deidExport", export);
        ctx.failures().register(DeidJob.class, (body, e) -> ((DeidJob) body).failed(e));
        for (Target t : targets) {
            Profile p = deid.profiles().get(t.profile()).withDicomOptions(t.options());
            if (p.keyed() && DeidSettings.key(ctx.settings()) == null) {
                throw new ConfigException(DeidSettings.KEY, "is required by de-identified target " + t.name() + " (profile "
                        + p.name() + ": keyed pseudonyms); set " + org.radbridge.settings.Settings.envName(DeidSettings.KEY));
            }
            if (ctx.workers().destination(t.name()) != null) {
                throw new ConfigException("mappings/" + Targets.FILE, "target " + t.name() + " has the name of another destination");
            }
            Destination transport = transport(ctx, t);
            transports.put(t.name(), transport);
            ctx.workers().register(new DeidDestination(t, p, export, transport));
            LOG.info("De-identified destination {}: copies of {} with profile {} ({}) to {}", t.name(), t.source(), p.name(),
                    p.legalBasis().code(), t.scheme());
        }
        if (!targets.isEmpty()) {
            ctx.outbox().addEnqueueListener(new CopyOnEnqueue(targets, ctx.outbox()));
        }
    }

    /** The target's transport: the engine's own MLLP or FHIR destination for its address, or a folder. */
    private static Destination transport(EngineContext ctx, Target t) {
        switch (t.scheme()) {
            case "mllp" -> {
                return factory(ctx, "transport.mllp", t).create(t.name(), t.to().substring("mllp://".length()), t.onAe(), t.onAr());
            }
            case "fhir" -> {
                return factory(ctx, "transport.fhir", t).create(t.name(), t.to(), t.onAe(), t.onAr());
            }
            default -> {
                Path dir = Path.of(t.to().substring("folder:".length()));
                return new FolderTransport(t.name(), dir.isAbsolute() ? dir : ctx.settings().dataDir().resolve(dir));
            }
        }
    }

    private static TransportFactory factory(EngineContext ctx, String bean, Target t) {
        Object f = ctx.bean(bean);
        if (!(f instanceof TransportFactory tf)) {
            throw new ConfigException("mappings/" + Targets.FILE, "target " + t.name() + " needs " + bean
                    + " (the notify/FHIR module must be configured before the deid module)");
        }
        return tf;
    }

    @Override
    public void start(EngineContext ctx) {
        if (export != null && ctx.routes() != null) {
            export.attach(job -> {
                try {
                    return ctx.routes().request(DeidExport.ROUTE, job, DeidJob.class);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (export != null) {
            export.close();
        }
    }
}
