package org.radbridge.procedure;

import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.radbridge.engine.Beans;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.fhir.FhirMappings;
import org.radbridge.fhir.PerformedProcedureToFhir;
import org.radbridge.notify.StatusNotifier;
import org.radbridge.worklist.WorklistService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Procedure status (docs/procedure-status.md): RadBridge as IHE PPS Manager. The MPPS SCP on the engine's DICOM
 * listener hands each N-CREATE / N-SET to route procedure-status ({@value #ROUTE}); its beans are
 * {@code procedureStatus} (validate, match, transition, record-dose), {@code statusToEmr} (notify-emr),
 * {@code performedToFhir} (publish-fhir), {@code mppsForwarding} (forward) and {@code mppsJournal} (record). Also:
 * one outbox destination per MPPS forward target (mappings/peers/mpps-forward.yaml), /api/procedures and the
 * metric radbridge_mpps_unmatched.
 */
public final class ProcedureModule implements EngineModule {

    public static final String ROUTE = "direct:procedure-status";
    private static final Logger LOG = LoggerFactory.getLogger(ProcedureModule.class);

    @Override
    public void configure(EngineContext ctx) throws Exception {
        WorklistService worklist = ctx.bean("worklistService");
        StatusNotifier notifier = ctx.bean("statusNotifier");
        if (worklist == null || notifier == null) {
            throw new IllegalStateException("the procedure module needs the worklist and notify modules configured before it");
        }
        ZoneId zone = zone(ctx.settings().get("radbridge.procedure.timezone", ""));
        ProcedureStore store = new ProcedureStore(ctx.db());
        MppsJournal journal = new MppsJournal(ctx.db(), ctx.journal(), store, ctx.audit(), ctx.metrics());
        ctx.bind("procedureStatus", new ProcedureStatus(store, worklist, Transitions.load(ctx.mappings()), ctx.journal()));
        ctx.bind("statusToEmr", new StatusToEmr(notifier, zone));
        PerformedToFhir performed = new PerformedToFhir(new PerformedProcedureToFhir(new FhirMappings(ctx.mappings()), zone),
                ctx.outbox(), ctx.hl7Peers(), zone);
        ctx.bind("performedToFhir", performed);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "performed procedure to FHIR (hl7-to-fhir/, peers/hl7-senders.yaml)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    PerformedProcedureToFhir m = new PerformedProcedureToFhir(new FhirMappings(next), zone);
                    org.radbridge.mapping.Hl7Peers peers = org.radbridge.mapping.Hl7Peers.load(next);
                    return () -> performed.reconfigure(m, peers);
                }
            });
        }
        var targets = MppsForwarding.load(ctx.mappings(), ctx.settings().get("radbridge.dicom.ae-title"));
        for (MppsForwarding.Target t : targets) {
            if (t.tls() && !ctx.tls().configured()) {
                throw new ConfigException("radbridge.tls.keystore", "MPPS forward destination " + t.name() + " wants TLS");
            }
            ctx.workers().register(new MppsForwardDestination(t, t.tls() ? ctx.tls().sslContext() : null));
            LOG.info("MPPS forward destination {}: {}@{}:{}", t.name(), t.aeTitle(), t.host(), t.port());
        }
        ctx.bind("mppsForwarding", new MppsForwarding(targets, ctx.outbox()));
        ctx.bind("mppsJournal", journal);
        UnaryOperator<MppsEvent> route = e -> {
            try {
                return ctx.routes().request(ROUTE, e, MppsEvent.class);
            } catch (RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        };
        ctx.failures().register(MppsEvent.class, (body, ex) -> {
            MppsEvent e = (MppsEvent) body;
            LOG.error("{}: procedure-status failed", e, ex);
            e.refuse(new MppsRefusal(Status.PROCESSING_FAILURE, "processing failure, nothing stored: send again", -1));
            try {
                journal.record(e);
            } catch (RuntimeException again) {
                LOG.error("{}: cannot journal the failure either", e, again);
            }
            return e;
        });
        DicomServiceRegistry registry = ctx.bean(Beans.DICOM_SERVICES);
        if (registry != null) {
            registry.add(new MppsScp(route));
        }
        ProcedureApi procedureApi = new ProcedureApi(store, route);
        procedureApi.register(ctx.http());
        ctx.bind("procedureApi", procedureApi); // the console's reconciliation page links through it too
        ctx.metrics().collector(m -> m.set("radbridge_mpps_unmatched",
                "Stored MPPS on the reconciliation list (no linked step, or a reference that matched none)", store.unmatchedCount()));
    }

    static ZoneId zone(String z) {
        if (z == null || z.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(z.trim());
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("radbridge.procedure.timezone", "not a time zone: " + z);
        }
    }
}
