package org.radbridge.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;

/**
 * The held effects (table held_effects, docs/site-adaptation.md "Held effects"): what a flow could not make for a
 * configuration reason, with the reason, kept durably in the transaction that journals the message. States: HELD,
 * RELEASED (made again and given to the outbox), DISCARDED (by an operator). The ordering key is the journal's
 * patient key (PID-3 ID^issuer), so a later effect of the same patient and destination waits behind a held one.
 */
public final class HeldEffects {

    public static final String HELD = "HELD";
    public static final String RELEASED = "RELEASED";
    public static final String DISCARDED = "DISCARDED";

    /** One held effect; {@code context} is what the flow needs to make it again (JSON, may be null). */
    public record Held(long id, long messageId, String flow, String destination, String patientKey, String reason,
            String context, String state, long heldAt, Long closedAt, String closedBy, String configDigest) {
    }

    private static final String COLUMNS = "id, message_id, flow, destination, patient_key, reason, context, state, held_at, "
            + "closed_at, closed_by, config_digest";

    private final Db db;

    public HeldEffects(Db db) {
        this.db = db;
    }

    public Db db() {
        return db;
    }

    /** Holds an effect inside the message's transaction; returns its id. */
    public long hold(Tx tx, long messageId, String flow, String destination, String patientKey, String reason, String context,
            String configDigest) throws SQLException {
        return tx.insert("INSERT INTO held_effects (message_id, flow, destination, patient_key, reason, context, state, held_at, "
                + "config_digest) VALUES (?,?,?,?,?,?,?,?,?)", messageId, flow, destination, patientKey, reason, context, HELD,
                System.currentTimeMillis(), configDigest);
    }

    /** The oldest effect still held for a destination and patient (a later one must wait behind it), or null. */
    public Long heldFor(Tx tx, String destination, String patientKey) throws SQLException {
        if (patientKey == null) {
            return null;
        }
        return tx.queryOne("SELECT id FROM held_effects WHERE destination=? AND patient_key=? AND state='HELD' ORDER BY id LIMIT 1",
                rs -> rs.getLong(1), destination, patientKey);
    }

    /** Held effects in a state (null: HELD), oldest first. */
    public List<Held> list(String state, int limit) {
        return db.read(c -> Tx.query(c, "SELECT " + COLUMNS + " FROM held_effects WHERE state=? ORDER BY id LIMIT ?",
                HeldEffects::row, state == null ? HELD : state, limit <= 0 ? 100 : Math.min(limit, 10_000)));
    }

    public Held get(long id) {
        List<Held> l = db.read(c -> Tx.query(c, "SELECT " + COLUMNS + " FROM held_effects WHERE id=?", HeldEffects::row, id));
        return l.isEmpty() ? null : l.get(0);
    }

    public Held get(Tx tx, long id) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM held_effects WHERE id=?", HeldEffects::row, id);
    }

    /** How many effects are held now. */
    public long count() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM held_effects WHERE state='HELD'", rs -> rs.getLong(1)).get(0));
    }

    /** HELD -> RELEASED or DISCARDED; false when it was not held any more. */
    public boolean close(Tx tx, long id, String state, String by) throws SQLException {
        return tx.update("UPDATE held_effects SET state=?, closed_at=?, closed_by=? WHERE id=? AND state='HELD'", state,
                System.currentTimeMillis(), by, id) == 1;
    }

    /** A reprocessed message's earlier held effect of a flow is superseded by what the reprocessing makes. */
    public int supersede(Tx tx, long messageId, String flow) throws SQLException {
        return tx.update("UPDATE held_effects SET state=?, closed_at=?, closed_by=? WHERE message_id=? AND flow=? AND state='HELD'",
                DISCARDED, System.currentTimeMillis(), "superseded by reprocess", messageId, flow);
    }

    /** A still-held effect's reason after a release attempt that failed again. */
    public void reason(Tx tx, long id, String reason) throws SQLException {
        tx.update("UPDATE held_effects SET reason=? WHERE id=? AND state='HELD'", reason, id);
    }

    private static Held row(ResultSet rs) throws SQLException {
        long closed = rs.getLong("closed_at");
        Long closedAt = rs.wasNull() ? null : closed;
        return new Held(rs.getLong("id"), rs.getLong("message_id"), rs.getString("flow"), rs.getString("destination"),
                rs.getString("patient_key"), rs.getString("reason"), rs.getString("context"), rs.getString("state"),
                rs.getLong("held_at"), closedAt, rs.getString("closed_by"), rs.getString("config_digest"));
    }
}
