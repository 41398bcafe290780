package org.radbridge.fhir;

import java.time.Duration;
import java.time.ZoneId;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.fhir.auth.FhirAuth;
import org.radbridge.fhir.auth.FhirAuthSettings;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.FileDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FHIR R4 publishing (docs/fhir.md): the beans of routes order-to-fhir, patient-to-fhir and report-to-fhir, and the
 * "fhir" outbox destination: the FHIR server of radbridge.fhir.url, or with no URL the file outbox
 * &lt;data-dir&gt;/outbox/fhir/ (one Bundle per file).
 */
public final class FhirModule implements EngineModule {

    private static final Logger LOG = LoggerFactory.getLogger(FhirModule.class);

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        FhirMappings mappings = new FhirMappings(ctx.mappings());
        ZoneId zone = zone(s);
        org.radbridge.config.Holding holding = ctx.bean(org.radbridge.config.ConfigModule.HOLDING);
        FhirFlow order = new FhirFlow(new OrderToFhir(mappings, zone), ctx.outbox(), ctx.metrics(), holding);
        FhirFlow patient = new FhirFlow(new PatientToFhir(mappings, zone), ctx.outbox(), ctx.metrics(), holding);
        FhirFlow report = new FhirFlow(new ReportToFhir(mappings, zone), ctx.outbox(), ctx.metrics(), holding);
        ctx.bind("orderToFhir", order);
        ctx.bind("patientToFhir", patient);
        ctx.bind("reportToFhir", report);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "fhir mappings (hl7-to-fhir/, codes/)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    FhirMappings m = new FhirMappings(next);
                    return () -> {
                        order.mapper(new OrderToFhir(m, zone));
                        patient.mapper(new PatientToFhir(m, zone));
                        report.mapper(new ReportToFhir(m, zone));
                    };
                }
            });
        }
        Destination d;
        String url = s.get("radbridge.fhir.url", "");
        if (url.isBlank()) {
            d = new FileDestination(FhirBundleEffect.DESTINATION, s.dataDir().resolve("outbox").resolve("fhir"), "json");
            LOG.info("FHIR destination: file outbox {}", ((FileDestination) d).dir());
        } else {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException("radbridge.fhir.url", "must be an http:// or https:// base URL, is " + url);
            }
            java.net.http.HttpClient client = FhirHttp.client(Duration.ofMillis(s.getLong("radbridge.fhir.connect-timeout-ms", 1)),
                    url.startsWith("https://") && ctx.tls().configured() ? ctx.tls().sslContext() : null);
            Duration timeout = Duration.ofMillis(s.getLong("radbridge.fhir.timeout-ms", 1));
            FhirAuth auth = FhirAuthSettings.build(s, client, timeout);
            FhirHttp http = new FhirHttp(url, auth, client, timeout);
            int workers = s.getInt("radbridge.fhir.workers", 1, 64);
            d = new FhirDestination(http, mappings.mergedTypes(), workers, writeLocks(ctx, workers));
            LOG.info("FHIR destination: {} (authentication: {})", http.base(), auth.describe());
        }
        ctx.workers().register(d);
        ctx.bind("transport.fhir", (org.radbridge.outbox.TransportFactory) (name, base, onAe, onAr) -> new FhirDestination(
                new FhirHttp(base, "", Duration.ofMillis(s.getLong("radbridge.fhir.connect-timeout-ms", 1)),
                        Duration.ofMillis(s.getLong("radbridge.fhir.timeout-ms", 1)),
                        base.startsWith("https://") && ctx.tls().configured() ? ctx.tls().sslContext() : null),
                mappings.mergedTypes(), 1, writeLocks(ctx, 1)));
        ctx.health().addCheck(new HealthCheck() {
            @Override
            public String name() {
                return "fhir";
            }

            @Override
            public Result check() {
                boolean paused = ctx.outbox().isPaused(FhirBundleEffect.DESTINATION);
                return new Result(!paused, paused ? "destination fhir is paused" : "delivering");
            }
        });
    }

    /**
     * Per-identifier write locks: on PostgreSQL advisory locks, shared by every instance on the database (their own
     * connections, as many as workers); on the embedded database, locks of this instance, the only one.
     */
    static WriteLocks writeLocks(EngineContext ctx, int workers) {
        if (ctx.db().dialect() != org.radbridge.store.Dialect.POSTGRESQL) {
            return new KeyedLocks(256);
        }
        Settings s = ctx.settings();
        String url = s.get("radbridge.db.url");
        String user = s.get("radbridge.db.user", "");
        String password = s.get("radbridge.db.password", "");
        // a lock waits at most as long as the longest delivery of its holder: a merge read, then the transaction
        long wait = 2 * (s.getLong("radbridge.fhir.timeout-ms", 1) + s.getLong("radbridge.fhir.connect-timeout-ms", 1)) + 10_000;
        return new AdvisoryLocks(() -> java.sql.DriverManager.getConnection(url, user, password), wait, workers);
    }

    /** radbridge.fhir.timezone: the zone of v2 times without an offset (senders may override); empty = the JVM's. */
    static ZoneId zone(Settings s) {
        String z = s.get("radbridge.fhir.timezone", "");
        if (z.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(z.trim());
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("radbridge.fhir.timezone", "not a time zone: " + z);
        }
    }
}
