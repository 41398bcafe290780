package org.radbridge.app;

import java.nio.file.Path;
import org.radbridge.audit.AuditCheckpointer;
import org.radbridge.audit.CheckpointLog;
import org.radbridge.audit.JdbcAuditTrail;

/**
 * The audit trail's upkeep (design.md §6): signed checkpoints under {@code <data-dir>/audit/} (and the
 * export directory when set), the head file every radbridge.audit.head-interval-ms, and purging older
 * than radbridge.audit.retention-days at checkpoint boundaries. A final checkpoint is written at stop,
 * after the engine's stop record.
 */
public final class AuditModule implements EngineModule {

    /** Bean name of the {@link AuditCheckpointer}. */
    public static final String CHECKPOINTER = "auditCheckpointer";

    private AuditCheckpointer checkpointer;
    private long headMillis;
    private long checkpointSeconds;
    private int retentionDays;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        headMillis = s.getInt("radbridge.audit.head-interval-ms", 50, 3_600_000);
        checkpointSeconds = s.getInt("radbridge.audit.checkpoint-interval-seconds", 1, 86_400);
        retentionDays = s.getInt("radbridge.audit.retention-days", 0, 100_000);
        if (!(ctx.audit() instanceof JdbcAuditTrail trail)) {
            return;
        }
        String export = s.get("radbridge.audit.checkpoint-export-dir");
        String instance = s.get("radbridge.instance-id", Engine.defaultInstanceId(s.dataDir()));
        CheckpointLog log = new CheckpointLog(s.dataDir(), export.isEmpty() ? null : Path.of(export), instance);
        checkpointer = new AuditCheckpointer(trail, log, instance);
        ctx.bind(CHECKPOINTER, checkpointer);
    }

    @Override
    public void start(EngineContext ctx) {
        if (checkpointer != null) {
            checkpointer.start(headMillis, checkpointSeconds, retentionDays);
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (checkpointer != null) {
            checkpointer.close();
        }
    }
}
