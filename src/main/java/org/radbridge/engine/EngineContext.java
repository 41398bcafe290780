package org.radbridge.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.http.Health;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.intake.Intake;
import org.radbridge.intake.JournalWriter;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxWorkers;
import org.radbridge.settings.Settings;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.tls.TlsMaterial;

/** What modules get: the shared parts of the engine, and a registry of beans for the routes. */
public final class EngineContext {

    private final Settings settings;
    private final Db db;
    private final Metrics metrics;
    private final Mappings mappings;
    private final Hl7Peers hl7Peers;
    private final AuditTrail audit;
    private final Journal journal;
    private final JournalWriter journalWriter;
    private final Intake intake;
    private final Outbox outbox;
    private final OutboxWorkers workers;
    private final HttpRoutes http;
    private final Health health;
    private final Reprocessor reprocessor;
    private final FailureHandlers failures;
    private final TlsMaterial tls;
    private final Housekeeping housekeeping = new Housekeeping();
    private volatile RouteGateway routes;
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** Built by the assembly ({@code app.Engine}). */
    public EngineContext(Settings settings, Db db, Metrics metrics, Mappings mappings, Hl7Peers hl7Peers, AuditTrail audit,
            Journal journal, JournalWriter journalWriter, Intake intake, Outbox outbox, OutboxWorkers workers,
            HttpRoutes http, Health health, Reprocessor reprocessor, FailureHandlers failures, TlsMaterial tls) {
        this.settings = settings;
        this.db = db;
        this.metrics = metrics;
        this.mappings = mappings;
        this.hl7Peers = hl7Peers;
        this.audit = audit;
        this.journal = journal;
        this.journalWriter = journalWriter;
        this.intake = intake;
        this.outbox = outbox;
        this.workers = workers;
        this.http = http;
        this.health = health;
        this.reprocessor = reprocessor;
        this.failures = failures;
        this.tls = tls;
    }

    public Settings settings() {
        return settings;
    }

    public Db db() {
        return db;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Mappings mappings() {
        return mappings;
    }

    public Hl7Peers hl7Peers() {
        return hl7Peers;
    }

    public AuditTrail audit() {
        return audit;
    }

    public Journal journal() {
        return journal;
    }

    public JournalWriter journalWriter() {
        return journalWriter;
    }

    public Intake intake() {
        return intake;
    }

    public Outbox outbox() {
        return outbox;
    }

    public OutboxWorkers workers() {
        return workers;
    }

    /** Where the module registers its HTTP endpoints (the assembly's server authenticates, authorizes and audits them). */
    public HttpRoutes http() {
        return http;
    }

    /** GET /health: the module's checks, and the report. */
    public Health health() {
        return health;
    }

    /** Runs a stored message through its flows again (POST /api/messages/{id}/reprocess; the console's button). */
    public Reprocessor reprocessor() {
        return reprocessor;
    }

    public FailureHandlers failures() {
        return failures;
    }

    /** TLS material of radbridge.tls.* (null parts when not configured). */
    public TlsMaterial tls() {
        return tls;
    }

    /** Calls routes from Java; available from the modules' start() on (null during configure()). */
    public RouteGateway routes() {
        return routes;
    }

    /** Set by the Camel wiring of the assembly once the routes run. */
    public void routes(RouteGateway g) {
        this.routes = g;
    }

    /** Periodic maintenance: register tasks in configure(); they start with the engine. */
    public Housekeeping housekeeping() {
        return housekeeping;
    }

    /** Makes a bean callable from the routes under a name. */
    public void bind(String name, Object bean) {
        beans.put(name, bean);
    }

    @SuppressWarnings("unchecked")
    public <T> T bean(String name) {
        return (T) beans.get(name);
    }

    /** The bound beans, for the assembly's Camel registry. */
    public Map<String, Object> beans() {
        return beans;
    }

    /** Closed when the engine stops (reverse order). */
    public void closeOnStop(AutoCloseable c) {
        closeables.add(c);
    }

    /** For the assembly, which closes them on stop. */
    public List<AutoCloseable> closeables() {
        return closeables;
    }
}
