package org.radbridge.worklist;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worklist housekeeping (design.md §5), one instance at a time (lease "worklist-housekeeping"): SCHEDULED
 * items whose start lies more than radbridge.worklist.expire-after-hours in the past expire (hidden from
 * C-FIND, .wl file removed, kept so a late change still finds its order); finished (COMPLETED,
 * DISCONTINUED, CANCELED) and expired items unchanged for radbridge.worklist.purge-after-days are deleted
 * with their .wl files. 0 turns either off. Each run that changes something writes an audit record.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final String LEASE = "worklist-housekeeping";

    private final WorklistService service;
    private final Db db;
    private final AuditTrail audit;
    private final String owner;
    private final int expireHours;
    private final int purgeDays;
    private ScheduledExecutorService timer;

    public Housekeeping(WorklistService service, Db db, AuditTrail audit, String owner, int expireHours, int purgeDays) {
        this.service = service;
        this.db = db;
        this.audit = audit;
        this.owner = owner;
        this.expireHours = expireHours;
        this.purgeDays = purgeDays;
    }

    public void start(int everyMinutes) {
        timer = Threads.scheduler("worklist-housekeeping");
        timer.scheduleWithFixedDelay(() -> {
            try {
                run(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.warn("worklist housekeeping failed", e); // at most once every radbridge.worklist housekeeping period
            }
        }, 1, Math.max(1, everyMinutes), TimeUnit.MINUTES);
    }

    /** One pass at time {@code now}; returns {expired, purged}. */
    public int[] run(long now) {
        return db.writeAndWait(tx -> {
            if (!lease(tx, now)) {
                return new int[] {0, 0};
            }
            int expired = 0;
            int purged = 0;
            if (expireHours > 0) {
                String before = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(now - expireHours * 3_600_000L),
                        ZoneId.systemDefault()).format(DT);
                for (String[] k : service.store().expiring(tx, before, 1000)) {
                    service.store().markExpired(tx, k[0], k[1], now);
                    service.export(tx, k[0], k[1], null);
                    expired++;
                }
            }
            if (purgeDays > 0) {
                List<WorklistItem> old = service.store().purgeable(tx, now - purgeDays * 86_400_000L, SpsStatus.FINISHED, 1000);
                for (WorklistItem it : old) {
                    service.delete(tx, it, null);
                    purged++;
                }
            }
            if (expired + purged > 0) {
                audit.record(tx, new AuditEvent(AuditEvent.APPLICATION_ACTIVITY, AuditEvent.SUCCESS, "radbridge", owner, null,
                        "worklist", "housekeeping", "{\"expired\":" + expired + ",\"purged\":" + purged + "}"));
                LOG.info("worklist housekeeping: {} item(s) expired, {} purged", expired, purged);
            }
            return new int[] {expired, purged};
        });
    }

    /** Takes or renews the lease for twice the interval; false when another instance holds it. */
    private boolean lease(Tx tx, long now) throws Exception {
        tx.update("INSERT INTO leases (name, owner, until_ms) VALUES (?,?,?) ON CONFLICT (name) DO UPDATE SET owner=excluded.owner, "
                + "until_ms=excluded.until_ms WHERE leases.until_ms<? OR leases.owner=?", LEASE, owner, now + 3_600_000L, now, owner);
        String holder = tx.queryOne("SELECT owner FROM leases WHERE name=?", rs -> rs.getString(1), LEASE);
        return owner.equals(holder);
    }

    /** Stops the timer and gives the lease back, so another instance takes over at once (graceful stop). */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                db.writeAndWait(tx -> tx.update("DELETE FROM leases WHERE name=? AND owner=?", LEASE, owner));
            } catch (RuntimeException e) {
                LOG.debug("releasing the worklist housekeeping lease: {}", e.toString());
            }
        }
    }
}
