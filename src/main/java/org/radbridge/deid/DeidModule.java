package org.radbridge.deid;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.radbridge.app.ConfigException;
import org.radbridge.app.EngineContext;
import org.radbridge.app.EngineModule;
import org.radbridge.outbox.Destination;
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
                        + p.name() + ": keyed pseudonyms); set " + org.radbridge.app.Settings.envName(DeidSettings.KEY));
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

    @SuppressWarnings("unchecked")
    private static Destination transport(EngineContext ctx, Target t) {
        switch (t.scheme()) {
            case "mllp" -> {
                Object f = ctx.bean("destinationFactory.mllp");
                String address = t.to().substring("mllp://".length());
                return f instanceof BiFunction<?, ?, ?> bf ? ((BiFunction<String, String, Destination>) bf).apply(t.name(), address)
                        : new MllpTransport(t.name(), address, t.onAe(), t.onAr());
            }
            case "fhir" -> {
                Object f = ctx.bean("destinationFactory.fhir");
                return f instanceof BiFunction<?, ?, ?> bf ? ((BiFunction<String, String, Destination>) bf).apply(t.name(), t.to())
                        : new FhirTransport(t.name(), t.to());
            }
            default -> {
                Path dir = Path.of(t.to().substring("folder:".length()));
                return new FolderTransport(t.name(), dir.isAbsolute() ? dir : ctx.settings().dataDir().resolve(dir));
            }
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (export != null) {
            export.close();
        }
    }
}
