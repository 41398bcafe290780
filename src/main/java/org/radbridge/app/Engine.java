package org.radbridge.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.radbridge.api.ApiServer;
import org.radbridge.api.CoreApi;
import org.radbridge.api.Principals;
import org.radbridge.audit.SecurityAlerts;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.intake.AckIds;
import org.radbridge.intake.Acks;
import org.radbridge.hl7.Hl7Limits;
import org.radbridge.intake.Intake;
import org.radbridge.intake.JournalWriter;
import org.radbridge.intake.MessageFlows;
import org.radbridge.intake.StoredMessages;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.Backoff;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxWorkers;
import org.radbridge.outbox.TransmissionAudit;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine's object graph from {@link Settings}, in this order (okhttp-style, the whole
 * pipeline in one place): database and migrations -> audit trail -> metrics -> mappings and peers ->
 * journal, intake and its error handling -> outbox and its workers -> HTTP API -> the modules (worklist,
 * FHIR, EMR delivery, procedure status, de-identification). Camel wiring is in {@link RadBridgeApp}.
 */
public final class Engine implements AutoCloseable {

    /** Bean name of the {@link SecurityAlerts} (repeated security alerts recorded as summaries). */
    public static final String SECURITY_ALERTS = Beans.SECURITY_ALERTS;
    /** Bean name of the API {@link Principals} (the console signs in with the same tokens). */
    public static final String PRINCIPALS = Beans.PRINCIPALS;

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** The engine's areas, configured in this order and stopped in reverse. */
    static List<EngineModule> modules() {
        List<EngineModule> m = new ArrayList<>();
        m.add(new AuditModule());
        m.add(new org.radbridge.config.ConfigModule());
        m.add(new DicomListenerModule());
        m.add(new org.radbridge.worklist.WorklistModule());
        m.add(new org.radbridge.fhir.FhirModule());
        m.add(new org.radbridge.notify.NotifyModule());
        m.add(new org.radbridge.procedure.ProcedureModule());
        m.add(new org.radbridge.availability.AvailabilityModule());
        m.add(new org.radbridge.deid.DeidModule());
        m.add(new org.radbridge.explain.ExplainModule());
        m.add(new org.radbridge.alert.AlertModule());
        m.add(new org.radbridge.console.ConsoleModule());
        return m;
    }

    private final EngineContext ctx;
    private final ApiServer api;
    private final CoreApi coreApi;
    private final List<EngineModule> modules;
    private final String instanceId;

    private final java.util.concurrent.atomic.AtomicReference<org.radbridge.engine.Reprocessor> reprocessor;

    private Engine(EngineContext ctx, ApiServer api, CoreApi coreApi, List<EngineModule> modules, String instanceId,
            java.util.concurrent.atomic.AtomicReference<org.radbridge.engine.Reprocessor> reprocessor) {
        this.ctx = ctx;
        this.api = api;
        this.coreApi = coreApi;
        this.reprocessor = reprocessor;
        this.modules = modules;
        this.instanceId = instanceId;
    }

    public static Engine build(Settings s) throws Exception {
        s.validate();
        Path dataDir = s.dataDir();
        String instanceId = s.get("radbridge.instance-id", Settings.defaultInstanceId(dataDir));
        Files.createDirectories(dataDir);
        Db db = Db.open(new Db.Config(s.get("radbridge.db.url"), s.get("radbridge.db.user"), s.get("radbridge.db.password"),
                dataDir, s.get("radbridge.db.sqlite-synchronous"), s.getInt("radbridge.db.pool-size", 2, 256), 512,
                java.time.Duration.ofSeconds(s.getInt("radbridge.db.write-timeout-seconds", 1, 3600))));
        try {
            AuditTrail audit = new JdbcAuditTrail(db, auditKey(s, dataDir));
            Metrics metrics = new Metrics();
            io.micrometer.core.instrument.Timer commits = metrics.timer("radbridge_db_writer_commit_duration_seconds",
                    "Duration of each COMMIT of the group-commit writer (log write, fsync)");
            db.onCommit(nanos -> commits.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
            Mappings mappings = new Mappings(dirOrNull(s.get("radbridge.mappings.dir")), dirOrNull(s.get("radbridge.mappings.overlay-dir")));
            Hl7Peers peers = Hl7Peers.load(mappings);
            MessageFlows flows = MessageFlows.load(mappings);
            Journal journal = new Journal();
            Acks acks = new Acks(s.get("radbridge.hl7.application"), s.get("radbridge.hl7.facility"), new AckIds(instanceId.substring(0, 2).toUpperCase()));
            JournalWriter journalWriter = new JournalWriter(db, journal, acks, metrics, audit,
                    s.getInt("radbridge.hl7.duplicate-window-hours", 0, 100_000) * 3_600_000L, flows);
            Intake intake = new Intake(peers, flows, org.radbridge.order.OrderIdentifiers.load(mappings), new Intake.Policy(s.getInt("radbridge.mllp.max-message-bytes", 1024, Integer.MAX_VALUE),
                    s.getBoolean("radbridge.peers.enforce"), s.get("radbridge.hl7.batch-policy"), dataDir.resolve("spool"),
                    new Hl7Limits(s.getInt("radbridge.hl7.max-segments", 1, Integer.MAX_VALUE),
                            s.getInt("radbridge.hl7.max-repetitions", 1, Integer.MAX_VALUE))),
                    journalWriter, acks, audit);
            Outbox outbox = new Outbox(db);
            TransmissionAudit txAudit = new OutboxAudit(audit);
            OutboxWorkers workers = new OutboxWorkers(outbox, new Backoff(s.getLong("radbridge.outbox.backoff-initial-ms", 1),
                    s.getLong("radbridge.outbox.backoff-max-ms", 1), s.getInt("radbridge.outbox.max-attempts", 1, 1_000_000)),
                    s.getLong("radbridge.outbox.poll-ms", 10), txAudit, metrics, instanceId);
            workers.leaseMillis(s.getLong("radbridge.outbox.lease-ms", 1000));
            Principals principals = Principals.load(s.get("radbridge.admin.token"),
                    s.isSet("radbridge.api.tokens-file") ? Path.of(s.get("radbridge.api.tokens-file")) : null);
            SecurityAlerts alerts = new SecurityAlerts(audit, s.getInt("radbridge.audit.security-alert-interval-seconds", 0, 86_400) * 1000L);
            ApiServer api = new ApiServer(s.get("radbridge.bind-host"), s.getInt("radbridge.http.port", 0, 65535), principals, alerts,
                    new ApiServer.Limits(s.getInt("radbridge.http.workers", 2, 1000), s.getInt("radbridge.http.max-connections", 1, 100_000),
                            s.getInt("radbridge.http.max-connections-per-address", 1, 100_000),
                            s.getInt("radbridge.http.request-timeout-seconds", 1, 3600) * 1000L,
                            s.getInt("radbridge.http.max-body-bytes", 1024, Integer.MAX_VALUE - 8)));
            Failures failures = new Failures(intake);
            StoredMessages stored = new StoredMessages(db, journal, intake);
            java.util.concurrent.atomic.AtomicReference<org.radbridge.engine.Reprocessor> reprocessor = new java.util.concurrent.atomic.AtomicReference<>();
            org.radbridge.engine.Reprocessor viaRoutes = (id, force, who) -> {
                org.radbridge.engine.Reprocessor r = reprocessor.get();
                if (r == null) {
                    throw new IllegalStateException("the engine is not started");
                }
                return r.reprocess(id, force, who);
            };
            CoreApi coreApi = new CoreApi(db, journal, outbox, workers, audit, metrics, viaRoutes);
            coreApi.register(api);
            EngineContext ctx = new EngineContext(s, db, metrics, mappings, peers, audit, journal, journalWriter, intake,
                    outbox, workers, api, coreApi, viaRoutes, failures, new TlsMaterial(s));
            ctx.closeOnStop(metrics); // first in, closed last
            if (s.getBoolean("radbridge.metrics.route-timings")) {
                ctx.bind("metricsRoutePolicyFactory", RouteTimings.factory(metrics));
            }
            ctx.bind(SECURITY_ALERTS, alerts);
            ctx.bind(PRINCIPALS, principals);
            ctx.bind("intake", intake);
            ctx.bind("journalWriter", journalWriter);
            ctx.bind(IntakeExpressions.AFTER_STORE, IntakeExpressions.afterStore());
            ctx.bind(IntakeExpressions.FLOW_ENDPOINTS, IntakeExpressions.flowEndpoints());
            ctx.bind("storedMessages", stored);
            ctx.bind("failures", failures);
            ctx.bind("unbuiltFlow", new UnbuiltFlow());
            ctx.bind(Beans.MAPPING_LOADERS, MappingLoaders.of(s));
            ctx.bind(Beans.DRY_RUNS, (org.radbridge.explain.DryRuns) DryRunApp::start);
            bindSiteRoutes(ctx, s, intake);
            MllpHandlers.bindListeners(ctx, s, alerts);
            metrics.collector(m -> collectOutbox(m, outbox));
            metrics.collector(m -> {
                m.set("radbridge_http_connections", "Open HTTP API connections (at most radbridge.http.max-connections)",
                        api.openConnections());
                m.set("radbridge_http_deadline_closures", "HTTP connections closed because a request was not complete within "
                        + "radbridge.http.request-timeout-seconds, since start", api.deadlineClosures());
                m.set("radbridge_http_per_address_refusals", "HTTP connections closed at once because their remote address "
                        + "already held radbridge.http.max-connections-per-address, since start", api.perAddressRefusals());
            });
            metrics.collector(m -> {
                m.set("radbridge_db_writer_commits", "Transactions committed by the group-commit writer since start", db.writerBatches());
                m.set("radbridge_db_writer_units", "Units of work committed by the group-commit writer since start (units per commit = batch size)",
                        db.writerUnits());
                m.set("radbridge_db_writer_work_seconds", "Seconds the writer spent running units of work since start", db.writerWorkSeconds());
                m.set("radbridge_db_writer_commit_seconds", "Seconds the writer spent committing (log write, fsync) since start",
                        db.writerCommitSeconds());
            });
            long payloadDays = s.getInt("radbridge.retention.payload-days", 1, 100_000);
            ctx.housekeeping().every("journal payload retention", 60, 3600, () -> {
                long before = System.currentTimeMillis() - payloadDays * 86_400_000L;
                int n = db.writeAndWait(tx -> journal.purgePayloads(tx, before));
                if (n > 0) {
                    LOG.info("Purged the payloads of {} journal entries older than {} days (radbridge.retention.payload-days)", n, payloadDays);
                }
            });
            ctx.closeOnStop(ctx.housekeeping());
            List<EngineModule> modules = modules();
            Engine e = new Engine(ctx, api, coreApi, modules, instanceId, reprocessor);
            for (EngineModule mod : modules) {
                mod.configure(ctx);
            }
            if (!principals.anyConfigured()) {
                LOG.warn("No API principal is configured (radbridge.admin.token, radbridge.api.tokens-file): /api answers 401 to everyone");
            }
            if (!s.getBoolean("radbridge.peers.enforce")) {
                LOG.warn("radbridge.peers.enforce=false: messages from unknown HL7 senders and DICOM AEs are accepted with a warning");
            }
            return e;
        } catch (Exception ex) {
            db.close();
            throw ex;
        }
    }

    /** The site's routes (radbridge.routes.site-dir): checked now, loaded with the engine's routes by Camel Main. */
    private static void bindSiteRoutes(EngineContext ctx, Settings s, Intake intake) {
        org.radbridge.site.SiteRoutes site;
        try {
            site = org.radbridge.site.SiteRoutes.open(s.get("radbridge.routes.site-dir", ""));
        } catch (org.radbridge.site.SiteRouteException e) {
            throw new ConfigException("radbridge.routes.site-dir", e.getMessage());
        }
        ctx.bind(SITE_ROUTES, site);
        ctx.bind("siteHl7", new org.radbridge.site.SiteHl7());
        site.hookBeans().forEach(ctx::bind);
        intake.siteHooks(site);
    }

    /** Bean name of the {@link org.radbridge.site.SiteRoutes} (reload: {@code SiteRoutes.reload()}). */
    public static final String SITE_ROUTES = Beans.SITE_ROUTES;

    private static Path dirOrNull(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** radbridge.audit.key, or a generated key under the data directory (with a warning). */
    public static byte[] auditKey(Settings s, Path dataDir) throws IOException {
        if (!s.isSet("radbridge.audit.key")) {
            LOG.warn("radbridge.audit.key is not set: using the generated key in {} (keep the audit key outside the database "
                    + "and the data directory in production)", org.radbridge.audit.AuditKey.generatedFile(dataDir));
        }
        return org.radbridge.audit.AuditKey.resolve(s.get("radbridge.audit.key"), dataDir, true);
    }

    private static void collectOutbox(Metrics m, Outbox outbox) {
        m.clearGauge("radbridge_outbox_depth");
        m.clearGauge("radbridge_outbox_oldest_age_seconds");
        m.clearGauge("radbridge_outbox_dead_letters");
        m.clearGauge("radbridge_destination_paused");
        long now = System.currentTimeMillis();
        for (Outbox.Stats st : outbox.stats().values()) {
            m.set("radbridge_outbox_depth", "Unfinished outbox entries per destination", st.depth(), "destination", st.destination());
            m.set("radbridge_outbox_dead_letters", "Dead-lettered outbox entries per destination", st.dead(), "destination", st.destination());
            m.set("radbridge_outbox_oldest_age_seconds", "Age of the oldest unfinished entry per destination",
                    st.oldestCreatedAt() == 0 ? 0 : (now - st.oldestCreatedAt()) / 1000.0, "destination", st.destination());
            m.set("radbridge_destination_paused", "1 when a destination is paused", st.paused() ? 1 : 0, "destination", st.destination());
        }
    }

    public EngineContext context() {
        return ctx;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The configured module of this type, or null. */
    public <T extends EngineModule> T module(Class<T> type) {
        for (EngineModule m : modules) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }

    /** Properties for Camel's placeholders: every setting plus a few derived ones. */
    public Properties camelProperties() {
        Properties p = new Properties();
        Settings s = ctx.settings();
        for (Map.Entry<String, String> e : s.all().entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        p.setProperty("radbridge.mllp.tls.enabled", String.valueOf(s.isSet("radbridge.mllp.tls.port")));
        p.setProperty("radbridge.mllp.tls.port-or-zero", s.get("radbridge.mllp.tls.port", "0"));
        p.setProperty("radbridge.tls.need-client-auth", String.valueOf("need".equalsIgnoreCase(s.get("radbridge.tls.client-auth"))));
        return p;
    }

    /** The HTTP server (the modules see it as {@code ctx.http()}). */
    public ApiServer api() {
        return api;
    }

    /** The engine's own endpoints: /health, /metrics, journal, outbox, audit (the modules see {@code ctx.health()}). */
    public CoreApi coreApi() {
        return coreApi;
    }

    /** Set by the Camel wiring once the "reprocess" route runs. */
    public void reprocessor(org.radbridge.engine.Reprocessor r) {
        reprocessor.set(r);
    }

    public Map<String, Object> beans() {
        return ctx.beans();
    }

    /** After the routes started: outbox workers, HTTP, modules. */
    public void start() throws Exception {
        ctx.workers().start();
        for (EngineModule m : modules) {
            m.start(ctx);
        }
        api.start();
        ctx.audit().record(org.radbridge.audit.AuditEvents.applicationActivity(instanceId, "start"));
        coreApi.started();
    }

    @Override
    public void close() {
        try {
            // the summaries of repeated security alerts still counted, before the stop record
            ctx.<SecurityAlerts>bean(SECURITY_ALERTS).close();
        } catch (RuntimeException e) {
            LOG.debug("security alert summaries: {}", e.toString());
        }
        try {
            ctx.audit().record(org.radbridge.audit.AuditEvents.applicationActivity(instanceId, "stop"));
        } catch (RuntimeException e) {
            LOG.debug("stop audit record: {}", e.toString());
        }
        api.close();
        for (int i = modules.size() - 1; i >= 0; i--) {
            try {
                modules.get(i).stop(ctx);
            } catch (RuntimeException e) {
                LOG.warn("stopping module {} failed", modules.get(i).getClass().getSimpleName(), e);
            }
        }
        ctx.workers().close();
        List<AutoCloseable> cl = ctx.closeables();
        for (int i = cl.size() - 1; i >= 0; i--) {
            try {
                cl.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", cl.get(i), e);
            }
        }
        ctx.db().close();
    }
}
