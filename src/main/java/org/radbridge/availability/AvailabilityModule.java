package org.radbridge.availability;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.engine.Beans;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.fhir.FhirMappings;
import org.radbridge.fhir.StudyAvailableToFhir;
import org.radbridge.notify.ControlIds;
import org.radbridge.notify.Hl7Destinations;
import org.radbridge.notify.Hl7Outbox;
import org.radbridge.notify.StatusMessages;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Study availability (docs/study-available.md; IHE RAD-49 and the RAD-3 / RAD-128 / RAD-132 shapes to the EMR): the
 * bean "studyAvailable" of routes/study-available.camel.yaml and its three sources — the IAN SCP on the engine's
 * DICOM listener, POST /api/events/study-available, and the Orthanc poller (radbridge.availability.orthanc.url) —,
 * the reconciliation list (GET /api/availability/unmatched, metric radbridge_studies_unmatched) and the periodic
 * re-match that releases held studies once their order arrived.
 */
public final class AvailabilityModule implements EngineModule {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityModule.class);
    public static final String ROUTE = "direct:study-available";

    private EngineContext ctx;
    private OrthancPoller poller;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        this.ctx = ctx;
        Settings s = ctx.settings();
        WorklistService worklist = ctx.bean("worklistService");
        AvailabilityStore store = new AvailabilityStore(ctx.db());
        StudyMatcher matcher = new StudyMatcher(worklist.store(), s.getBoolean("radbridge.availability.match-by-patient"));
        Hl7Destinations destinations = Hl7Destinations.load(ctx.mappings(), s);
        NotificationConfig config = NotificationConfig.load(ctx.mappings(), destinations::has);
        EmrNotices notices = new EmrNotices(config, new Hl7Outbox(ctx.outbox(), destinations, new ControlIds("RB")),
                new StatusMessages.Sender(s.get("radbridge.hl7.application", "RADBRIDGE"), s.get("radbridge.hl7.facility", "RADBRIDGE")),
                new ControlIds("RB"), ctx.intake()::identifiers);
        OrthancClient orthanc = orthanc(s);
        PacsLookup pacs = orthanc != null ? orthanc : cfind(s);
        StudyAvailable bean = new StudyAvailable(ctx.db(), ctx.journal(), ctx.audit(), ctx.metrics(), matcher, worklist, store,
                notices, new StudyAvailableToFhir(new FhirMappings(ctx.mappings()), zone(s)), ctx.outbox(), pacs);
        ctx.bind("studyAvailable", bean);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "study available to FHIR (hl7-to-fhir/)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    StudyAvailableToFhir f = new StudyAvailableToFhir(new FhirMappings(next), zone(s));
                    return () -> bean.reconfigure(f);
                }
            });
        }
        Function<AvailabilityJob, AvailabilityJob> process = this::process;
        DicomServiceRegistry registry = ctx.bean(Beans.DICOM_SERVICES);
        registry.add(new IanScp(process));
        new AvailabilityApi(process, store).register(ctx.http());
        ctx.metrics().collector(m -> {
            m.clearGauge("radbridge_studies_unmatched");
            java.util.Map<String, Long> counts = store.countsByState();
            for (String st : List.of(AvailabilityStore.HELD, AvailabilityStore.RECONCILE)) {
                m.set("radbridge_studies_unmatched", "Studies that matched no order, waiting (held) or listed for reconciliation",
                        counts.getOrDefault(st, 0L), "state", st);
            }
        });
        long holdMs = s.getInt("radbridge.availability.hold-hours", 1, 100_000) * 3_600_000L;
        int every = s.getInt("radbridge.availability.rematch-seconds", 1, 86_400);
        ctx.housekeeping().every("study-available re-match", every, every, () -> rematch(store, matcher, holdMs));
        if (orthanc != null) {
            String owner = s.get("radbridge.instance-id", hostName() + "-" + java.util.UUID.randomUUID());
            poller = new OrthancPoller(orthanc, store, process, owner, s.getInt("radbridge.availability.lease-seconds", 1, 86_400) * 1000L,
                    s.getLong("radbridge.availability.poll-ms", 10));
            ctx.health().addCheck(new HealthCheck() {
                @Override
                public String name() {
                    return "orthanc-poller";
                }

                @Override
                public Result check() {
                    String err = poller.lastError();
                    return new Result(err.isEmpty(), err.isEmpty() ? (poller.holding() ? "polling" : "standby (another instance holds the lease)")
                            : err);
                }
            });
        }
        LOG.info("study-available: IAN SCP registered, webhook /api/events/study-available, Orthanc poller {}, PACS look-up {}, "
                + "{} destination(s)", orthanc == null ? "off" : orthanc.describe(), pacs == null ? "off" : pacs.describe(),
                config.targets().size());
    }

    private AvailabilityJob process(AvailabilityJob job) {
        if (ctx.routes() == null) {
            throw new IllegalStateException("the engine is not started");
        }
        try {
            return ctx.routes().request(ROUTE, job, AvailabilityJob.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Held studies older than hold-hours go to reconciliation; open studies that now match an order are processed again. */
    private void rematch(AvailabilityStore store, StudyMatcher matcher, long holdMs) {
        int expired = ctx.db().writeAndWait(tx -> store.expireHolds(tx, System.currentTimeMillis() - holdMs));
        if (expired > 0) {
            LOG.info("study-available: {} held notice(s) past radbridge.availability.hold-hours moved to reconciliation", expired);
        }
        for (AvailabilityStore.Unmatched u : store.openStudies(200)) {
            try {
                StudyEvent e = StudyAvailable.JSON.readValue(u.event(), StudyEvent.class);
                boolean matched = ctx.db().read(c -> {
                    try {
                        return matcher.match(new Tx(c, ctx.db().dialect()), e).matched();
                    } catch (java.sql.SQLException ex) {
                        throw ex;
                    }
                });
                if (matched) {
                    process(new AvailabilityJob(e.withSource("release", "radbridge", "", Long.toString(u.id()))));
                }
            } catch (Exception ex) {
                LOG.warn("study-available re-match of unmatched entry {} failed", u.id(), ex);
            }
        }
    }

    static OrthancClient orthanc(Settings s) {
        String url = s.get("radbridge.availability.orthanc.url", "");
        if (url.isBlank()) {
            return null;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException("radbridge.availability.orthanc.url", "must be an http:// or https:// URL, is " + url);
        }
        return new OrthancClient(url, s.get("radbridge.availability.orthanc.user", ""),
                s.get("radbridge.availability.orthanc.password", ""), Duration.ofSeconds(30));
    }

    /** radbridge.availability.cfind = AE@host:port: the PACS asked by C-FIND when Orthanc's REST URL is not set. */
    static CFindLookup cfind(Settings s) {
        String spec = s.get("radbridge.availability.cfind", "");
        if (spec.isBlank()) {
            return null;
        }
        try {
            return CFindLookup.parse(s.get("radbridge.dicom.ae-title", "RADBRIDGE"), spec.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("radbridge.availability.cfind", e.getMessage());
        }
    }

    static ZoneId zone(Settings s) {
        String z = s.get("radbridge.fhir.timezone", "");
        try {
            return z.isBlank() ? ZoneId.systemDefault() : ZoneId.of(z.trim());
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("radbridge.fhir.timezone", "not a time zone: " + z);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "host";
        }
    }

    @Override
    public void start(EngineContext ctx) {
        if (poller != null) {
            poller.start();
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (poller != null) {
            poller.close();
        }
    }
}
