package org.radbridge.app;

import java.nio.file.Path;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.audit.AtnaExporter;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditChainCheck;
import org.radbridge.audit.AuditCheckpointer;
import org.radbridge.audit.CheckpointLog;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;

/**
 * The audit trail's upkeep (design.md §6): signed checkpoints under {@code <data-dir>/audit/} (and the
 * export directory when set), the head file every radbridge.audit.head-interval-ms, and purging older
 * than radbridge.audit.retention-days at checkpoint boundaries. A final checkpoint is written at stop,
 * after the engine's stop record. With radbridge.audit.atna.host set, the trail is exported as IHE ATNA
 * messages over syslog TLS ({@link AtnaExporter}). The chain is checked at start ({@link AuditChainCheck}: the
 * tail from the newest trusted checkpoint before serving, the whole chain then — in the background when more than
 * radbridge.audit.verify-sync-max-records records precede that checkpoint), reported by /health check
 * audit-trail and the gauge radbridge_audit_chain_broken.
 */
public final class AuditModule implements EngineModule {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditModule.class);

    /** Bean name of the {@link AuditCheckpointer}. */
    public static final String CHECKPOINTER = Beans.AUDIT_CHECKPOINTER;

    /** Bean name of the {@link AtnaExporter} (when radbridge.audit.atna.host is set). */
    public static final String ATNA = Beans.ATNA;

    /** Bean name of the {@link AuditChainCheck} (the check at start, /health check audit-trail). */
    public static final String CHAIN_CHECK = Beans.AUDIT_CHAIN_CHECK;

    private AuditCheckpointer checkpointer;
    private AuditChainCheck chainCheck;
    private AtnaExporter atna;
    private long atnaPollMillis;
    private long headMillis;
    private long checkpointSeconds;
    private int retentionDays;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        headMillis = s.getInt("radbridge.audit.head-interval-ms", 50, 3_600_000);
        checkpointSeconds = s.getInt("radbridge.audit.checkpoint-interval-seconds", 1, 86_400);
        retentionDays = s.getInt("radbridge.audit.retention-days", 0, 100_000);
        long verifySyncMax = s.getInt("radbridge.audit.verify-sync-max-records", 0, Integer.MAX_VALUE);
        if (!(ctx.audit() instanceof JdbcAuditTrail trail)) {
            return;
        }
        trail.listener(e -> {
            if (AuditEvent.SECURITY_ALERT.equals(e.type())) {
                // a summary record of repeated alerts (audit.SecurityAlerts) stands for its repeats
                ctx.metrics().add("radbridge_security_alerts_total", "Security alerts (refused tokens, roles, TLS handshakes, peers)",
                        Math.max(1, repeatsOf(e.detail())), "alert", alertOf(e.detail()));
            }
        });
        String export = s.get("radbridge.audit.checkpoint-export-dir");
        String instance = s.get("radbridge.instance-id", Settings.defaultInstanceId(s.dataDir()));
        CheckpointLog log = new CheckpointLog(s.dataDir(), export.isEmpty() ? null : Path.of(export), instance);
        checkpointer = new AuditCheckpointer(trail, log, instance);
        ctx.bind(CHECKPOINTER, checkpointer);
        chainCheck = new AuditChainCheck(trail, checkpointer.files(), instance, verifySyncMax,
                broken -> ctx.metrics().set("radbridge_audit_chain_broken",
                        "1 when the audit chain check found a tampered, missing or inserted record or an altered checkpoint",
                        broken ? 1 : 0));
        ctx.bind(CHAIN_CHECK, chainCheck);
        chainCheck.runAtStart();
        ctx.health().addCheck(new HealthCheck() {
            @Override
            public String name() {
                return "audit-trail";
            }

            @Override
            public Result check() {
                AuditChainCheck.Status st = chainCheck.status();
                return new Result(st.up(), st.message());
            }
        });
        if (s.isSet("radbridge.audit.atna.host")) {
            int port = s.getInt("radbridge.audit.atna.port", 1, 65535);
            atnaPollMillis = s.getInt("radbridge.audit.atna.poll-ms", 10, 3_600_000);
            if (!ctx.tls().configured()) {
                LOG.warn("radbridge.audit.atna.host is set but radbridge.tls.keystore is not: the ATNA export presents no client "
                        + "certificate (IHE ITI-19 expects mutual TLS)");
            }
            atna = new AtnaExporter(trail, s.get("radbridge.audit.atna.host"), port, ctx.tls().sslContext(), ctx.tls().protocols(),
                    instance, s.get("radbridge.audit.atna.site-id", "RADBRIDGE"), s.get("radbridge.dicom.ae-title", "RADBRIDGE"));
            ctx.bind(ATNA, atna);
            ctx.health().addCheck(new HealthCheck() {
                @Override
                public String name() {
                    return "atna-export";
                }

                @Override
                public Result check() {
                    long f = atna.consecutiveFailures();
                    return new Result(f < 5, f == 0 ? atna.exported() + " messages exported"
                            : f + " failures in a row, records queued: " + atna.lastError());
                }
            });
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static String alertOf(String detail) {
        try {
            return JSON.readTree(detail).path("alert").asText("other");
        } catch (Exception e) {
            return "other";
        }
    }

    static long repeatsOf(String detail) {
        try {
            return JSON.readTree(detail).path("repeats").asLong(1);
        } catch (Exception e) {
            return 1;
        }
    }

    @Override
    public void start(EngineContext ctx) {
        if (checkpointer != null) {
            checkpointer.start(headMillis, checkpointSeconds, retentionDays);
        }
        if (atna != null) {
            atna.start(atnaPollMillis);
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (atna != null) {
            atna.close();
        }
        if (chainCheck != null) {
            chainCheck.close();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
    }
}
