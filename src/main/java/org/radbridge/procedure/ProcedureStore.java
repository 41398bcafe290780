package org.radbridge.procedure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistStore;

/**
 * Tables mpps and mpps_sps (db/migration/procedure/): stored MPPS instances and the steps they perform. Writes run
 * in the caller's transaction (the group-commit writer); the lists of the API read the pool.
 */
public final class ProcedureStore {

    private static final String COLUMNS = "sop_instance_uid, status, calling_ae, pps_id, patient_key, study_uid, accession, "
            + "modality, case_kind, linked, unresolved, dose, message_id, created_at, updated_at, dataset";

    private final Db db;

    public ProcedureStore(Db db) {
        this.db = db;
    }

    private static MppsRecord record(ResultSet rs) throws SQLException {
        long mid = rs.getLong("message_id");
        Long messageId = rs.wasNull() ? null : mid;
        return new MppsRecord(rs.getString("sop_instance_uid"), rs.getString("status"), rs.getString("calling_ae"),
                rs.getString("pps_id"), rs.getString("patient_key"), rs.getString("study_uid"), rs.getString("accession"),
                rs.getString("modality"), rs.getString("case_kind"), rs.getInt("linked"), rs.getInt("unresolved"),
                rs.getString("dose"), messageId, rs.getLong("created_at"), rs.getLong("updated_at"),
                WorklistStore.decode(rs.getBytes("dataset")));
    }

    public MppsRecord get(Tx tx, String uid) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM mpps WHERE sop_instance_uid=?", ProcedureStore::record, uid);
    }

    /** The journal entry id of the stored instance's last change (-1 when it has none), or null when there is no such instance. */
    public Long version(Tx tx, String uid) throws SQLException {
        return tx.queryOne("SELECT COALESCE(message_id, -1) FROM mpps WHERE sop_instance_uid=?", rs -> rs.getLong(1), uid);
    }

    public MppsRecord get(String uid) {
        return db.read(c -> {
            List<MppsRecord> l = Tx.query(c, "SELECT " + COLUMNS + " FROM mpps WHERE sop_instance_uid=?", ProcedureStore::record, uid);
            return l.isEmpty() ? null : l.get(0);
        });
    }

    /** Newest first; {@code unmatched}: only those on the reconciliation list. */
    public List<MppsRecord> list(boolean unmatched, String studyUid, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mpps WHERE 1=1");
        List<Object> args = new java.util.ArrayList<>();
        if (unmatched) {
            sql.append(" AND (linked=0 OR unresolved>0)");
        }
        if (studyUid != null) {
            sql.append(" AND study_uid=?");
            args.add(studyUid);
        }
        sql.append(" ORDER BY updated_at DESC, sop_instance_uid LIMIT ?");
        args.add(Math.max(1, Math.min(limit, 1000)));
        return db.read(c -> Tx.query(c, sql.toString(), ProcedureStore::record, args.toArray()));
    }

    /** How many MPPS wait on the reconciliation list (metric radbridge_mpps_unmatched). */
    public long unmatchedCount() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM mpps WHERE linked=0 OR unresolved>0", rs -> rs.getLong(1)).get(0));
    }

    /** Inserts or replaces the record. */
    public void save(Tx tx, MppsRecord r) throws SQLException {
        save(tx, r, null);
    }

    /** {@link #save} with the record's data set already encoded ({@link WorklistStore#encode}, off the writer), or null. */
    public void save(Tx tx, MppsRecord r, byte[] encoded) throws SQLException {
        byte[] ds = encoded != null ? encoded : WorklistStore.encode(r.dataset());
        int n = tx.update("UPDATE mpps SET status=?, calling_ae=?, pps_id=?, patient_key=?, study_uid=?, accession=?, modality=?, "
                + "case_kind=?, linked=?, unresolved=?, dose=?, message_id=?, updated_at=?, dataset=? WHERE sop_instance_uid=?",
                r.status(), r.callingAe(), r.ppsId(), r.patientKey(), r.studyUid(), r.accession(), r.modality(), r.caseKind(),
                r.linked(), r.unresolved(), r.dose(), r.messageId(), r.updatedAt(), ds, r.sopInstanceUid());
        if (n == 0) {
            insert(tx, r, ds);
        }
    }

    /** Inserts a new record (an N-CREATE, its absence checked in this transaction); {@code encoded} as in {@link #save}. */
    public void create(Tx tx, MppsRecord r, byte[] encoded) throws SQLException {
        insert(tx, r, encoded != null ? encoded : WorklistStore.encode(r.dataset()));
    }

    private static void insert(Tx tx, MppsRecord r, byte[] ds) throws SQLException {
        tx.update("INSERT INTO mpps (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r.sopInstanceUid(), r.status(),
                r.callingAe(), r.ppsId(), r.patientKey(), r.studyUid(), r.accession(), r.modality(), r.caseKind(), r.linked(),
                r.unresolved(), r.dose(), r.messageId(), r.createdAt(), r.updatedAt(), ds);
    }

    public List<StepLink> links(Tx tx, String mppsUid) throws SQLException {
        return tx.query("SELECT study_uid, sps_id, prior_status, how FROM mpps_sps WHERE mpps_uid=? ORDER BY linked_at, study_uid, sps_id",
                rs -> new StepLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), mppsUid);
    }

    public List<StepLink> links(String mppsUid) {
        return db.read(c -> Tx.query(c, "SELECT study_uid, sps_id, prior_status, how FROM mpps_sps WHERE mpps_uid=? "
                + "ORDER BY linked_at, study_uid, sps_id", rs -> new StepLink(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)), mppsUid));
    }

    public void link(Tx tx, String mppsUid, StepLink l) throws SQLException {
        tx.update("INSERT INTO mpps_sps (mpps_uid, study_uid, sps_id, prior_status, how, linked_at) VALUES (?,?,?,?,?,?) "
                + "ON CONFLICT (mpps_uid, study_uid, sps_id) DO NOTHING", mppsUid, l.studyUid(), l.spsId(), l.priorStatus(), l.how(),
                System.currentTimeMillis());
    }

    /** Steps of worklist items carrying an accession number: (study UID, SPS ID) pairs. */
    public List<String[]> stepsWithAccession(Tx tx, String accession) throws SQLException {
        return tx.query("SELECT study_uid, sps_id FROM worklist_items WHERE accession=? ORDER BY id",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, accession);
    }

    /**
     * The journal entry of the order a worklist item came from: its last writer when that was an order message,
     * else the newest processed order message of its placer order; null when none is left.
     */
    public Long orderMessage(Tx tx, String studyUid, String spsId, String orderKey) throws SQLException {
        Long id = tx.queryOne("SELECT m.id FROM worklist_items w JOIN messages m ON m.id=w.message_id WHERE w.study_uid=? "
                + "AND w.sps_id=? AND m.message_type IN ('ORM^O01','OMG^O19','OMI^O23') AND m.raw IS NOT NULL",
                rs -> rs.getLong(1), studyUid, spsId);
        if (id == null && orderKey != null) {
            id = tx.queryOne("SELECT id FROM messages WHERE order_key=? AND message_type IN ('ORM^O01','OMG^O19','OMI^O23') "
                    + "AND state='PROCESSED' AND raw IS NOT NULL ORDER BY id DESC LIMIT 1", rs -> rs.getLong(1), orderKey);
        }
        return id;
    }

    public Db db() {
        return db;
    }

    /** Decoded data set helper for callers that hold raw bytes. */
    static Attributes decode(byte[] b) {
        return WorklistStore.decode(b);
    }
}
