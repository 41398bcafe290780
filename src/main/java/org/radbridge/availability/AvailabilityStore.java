package org.radbridge.availability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;

/**
 * The availability tables (db/migration/availability): studies processed (to recognise a repeated notification
 * with the same content), studies without an order per destination (the reconciliation list and held
 * notifications), poller cursors and leases. Writes run in the caller's transaction.
 */
public final class AvailabilityStore {

    /** States of an unmatched study at one destination. */
    public static final String NOTIFIED = "notified";
    public static final String HELD = "held";
    public static final String RECONCILE = "reconcile";
    public static final String RELEASED = "released";
    /** States still waiting for an order. */
    public static final List<String> OPEN = List.of(HELD, RECONCILE);

    private final Db db;

    public AvailabilityStore(Db db) {
        this.db = db;
    }

    // ---------------------------------------------------------------- studies

    /** What was last processed for a study: series and instance counts, and whether it matched an order. */
    public record Last(int series, int instances, boolean matched) {
    }

    /** The last processing of a study, or null. */
    public Last last(Tx tx, String studyUid) throws SQLException {
        return tx.queryOne("SELECT series_count, instance_count, matched FROM availability_studies WHERE study_uid=?",
                rs -> new Last(rs.getInt(1), rs.getInt(2), "true".equals(rs.getString(3))), studyUid);
    }

    public void recordStudy(Tx tx, String studyUid, int series, int instances, boolean matchedOrder, long messageId) throws SQLException {
        String matched = String.valueOf(matchedOrder);
        long now = System.currentTimeMillis();
        tx.update("INSERT INTO availability_studies (study_uid, series_count, instance_count, matched, message_id, first_at, updated_at) "
                + "VALUES (?,?,?,?,?,?,?) ON CONFLICT (study_uid) DO UPDATE SET series_count=excluded.series_count, "
                + "instance_count=excluded.instance_count, matched=excluded.matched, message_id=excluded.message_id, "
                + "updated_at=excluded.updated_at", studyUid, series, instances, matched, messageId, now, now);
    }

    // ---------------------------------------------------------------- unmatched

    /** One row of the reconciliation list. */
    public record Unmatched(long id, String studyUid, String destination, String policy, String state, Long messageId,
            String patientKey, String accession, String event, long createdAt, long updatedAt) {
    }

    private static final String U_COLUMNS = "id, study_uid, destination, policy, state, message_id, patient_key, accession, "
            + "event, created_at, updated_at";

    private static Unmatched unmatched(java.sql.ResultSet rs) throws SQLException {
        long m = rs.getLong("message_id");
        Long mid = rs.wasNull() ? null : m;
        return new Unmatched(rs.getLong("id"), rs.getString("study_uid"), rs.getString("destination"), rs.getString("policy"),
                rs.getString("state"), mid, rs.getString("patient_key"), rs.getString("accession"), rs.getString("event"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    public void putUnmatched(Tx tx, String studyUid, String destination, String policy, String state, long messageId,
            String patientKey, String accession, String eventJson) throws SQLException {
        long now = System.currentTimeMillis();
        tx.update("INSERT INTO availability_unmatched (study_uid, destination, policy, state, message_id, patient_key, accession, "
                + "event, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (study_uid, destination) DO UPDATE "
                + "SET policy=excluded.policy, state=excluded.state, message_id=excluded.message_id, patient_key=excluded.patient_key, "
                + "accession=excluded.accession, event=excluded.event, updated_at=excluded.updated_at",
                studyUid, destination, policy, state, messageId, patientKey, accession, eventJson, now, now);
    }

    /** Marks the open rows of a study (all destinations) as released: it matched an order. */
    public int release(Tx tx, String studyUid) throws SQLException {
        return tx.update("UPDATE availability_unmatched SET state=?, updated_at=? WHERE study_uid=? AND state IN (?,?)",
                RELEASED, System.currentTimeMillis(), studyUid, HELD, RECONCILE);
    }

    /** Held rows older than {@code before} go to reconciliation; returns how many. */
    public int expireHolds(Tx tx, long before) throws SQLException {
        return tx.update("UPDATE availability_unmatched SET state=?, updated_at=? WHERE state=? AND created_at<?",
                RECONCILE, System.currentTimeMillis(), HELD, before);
    }

    public List<Unmatched> list(String state, int limit) {
        List<Object> args = new ArrayList<>();
        String where;
        if (state == null) {
            where = "state IN (?,?)";
            args.addAll(OPEN);
        } else {
            where = "state=?";
            args.add(state);
        }
        args.add(Math.max(1, Math.min(limit, 1000)));
        return db.read(c -> Tx.query(c, "SELECT " + U_COLUMNS + " FROM availability_unmatched WHERE " + where
                + " ORDER BY id LIMIT ?", AvailabilityStore::unmatched, args.toArray()));
    }

    /** Open rows (held or reconcile), one event per study (the newest), oldest studies first. */
    public List<Unmatched> openStudies(int limit) {
        return db.read(c -> Tx.query(c, "SELECT " + U_COLUMNS + " FROM availability_unmatched WHERE id IN (SELECT MAX(id) "
                + "FROM availability_unmatched WHERE state IN (?,?) GROUP BY study_uid) ORDER BY id LIMIT ?",
                AvailabilityStore::unmatched, HELD, RECONCILE, limit));
    }

    /** Distinct studies waiting for an order (held or reconcile). */
    public long openCount() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(DISTINCT study_uid) FROM availability_unmatched WHERE state IN (?,?)",
                rs -> rs.getLong(1), HELD, RECONCILE).get(0));
    }

    /** Counts of rows by state (for the metric's labels). */
    public Map<String, Long> countsByState() {
        Map<String, Long> out = new java.util.TreeMap<>();
        db.read(c -> Tx.query(c, "SELECT state, COUNT(DISTINCT study_uid) FROM availability_unmatched GROUP BY state",
                rs -> out.put(rs.getString(1), rs.getLong(2))));
        return out;
    }

    // ---------------------------------------------------------------- cursors and leases

    public String cursor(String name) {
        List<String> v = db.read(c -> Tx.query(c, "SELECT value FROM availability_cursors WHERE name=?", rs -> rs.getString(1), name));
        return v.isEmpty() ? null : v.get(0);
    }

    public void cursor(Tx tx, String name, String value) throws SQLException {
        tx.update("INSERT INTO availability_cursors (name, value, updated_at) VALUES (?,?,?) ON CONFLICT (name) DO UPDATE "
                + "SET value=excluded.value, updated_at=excluded.updated_at", name, value, System.currentTimeMillis());
    }

    /**
     * Takes or renews the lease {@code name} for {@code owner} until now + millis when it is free, expired or
     * already the owner's; returns whether the owner holds it now.
     */
    public boolean lease(Tx tx, String name, String owner, long millis) throws SQLException {
        long now = System.currentTimeMillis();
        tx.update("INSERT INTO availability_leases (name, owner, expires_at) VALUES (?,?,?) ON CONFLICT (name) DO NOTHING",
                name, owner, now + millis);
        return tx.update("UPDATE availability_leases SET owner=?, expires_at=? WHERE name=? AND (owner=? OR expires_at<?)",
                owner, now + millis, name, owner, now) == 1;
    }

    /** Gives the lease up (on stop) so another instance takes over at once. */
    public void releaseLease(Tx tx, String name, String owner) throws SQLException {
        tx.update("UPDATE availability_leases SET expires_at=0 WHERE name=? AND owner=?", name, owner);
    }

    public Db db() {
        return db;
    }
}
