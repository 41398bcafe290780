package org.radbridge.worklist;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.io.DicomReader;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;
import org.radbridge.worklist.query.Column;
import org.radbridge.worklist.query.MwlQuery;

/**
 * The worklist table (design.md §5): items keyed by (Study Instance UID, SPS ID) with their matching keys
 * in indexed columns ({@link ItemColumns}) and the data set (explicit VR little endian, ISO_IR 192). Writes
 * run in the caller's transaction (the group-commit writer); C-FIND matching reads the columns only
 * ({@link #match}) and loads data sets for the matches ({@link #datasets}).
 */
public final class WorklistStore {

    static final String ITEM_COLUMNS = "id, study_uid, sps_id, patient_key, order_key, procedure_key, expired_at, dataset";
    private static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    private final Db db;

    public WorklistStore(Db db) {
        this.db = db;
    }

    public Db db() {
        return db;
    }

    public static byte[] encode(Attributes ds) {
        return new DicomWriter(TS).encode(ds);
    }

    public static Attributes decode(byte[] b) {
        try {
            return DicomReader.read(b, TS);
        } catch (org.radbridge.dicom.DicomFormatException e) {
            throw new IllegalStateException("stored worklist data set cannot be read: " + e.getMessage(), e);
        }
    }

    private static WorklistItem item(ResultSet rs) throws SQLException {
        long exp = rs.getLong("expired_at");
        Long expired = rs.wasNull() ? null : exp;
        return new WorklistItem(rs.getLong("id"), rs.getString("study_uid"), rs.getString("sps_id"), rs.getString("patient_key"),
                rs.getString("order_key"), rs.getString("procedure_key"), decode(rs.getBytes("dataset")), expired);
    }

    // ---------------------------------------------------------------- reads in a transaction

    public WorklistItem get(Tx tx, String studyUid, String spsId) throws SQLException {
        return tx.queryOne("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE study_uid=? AND sps_id=?",
                WorklistStore::item, studyUid, spsId);
    }

    public List<WorklistItem> byStudy(Tx tx, String studyUid) throws SQLException {
        return tx.query("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE study_uid=? ORDER BY id", WorklistStore::item, studyUid);
    }

    public List<WorklistItem> byPatient(Tx tx, String patientKey) throws SQLException {
        return tx.query("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE patient_key=? ORDER BY id", WorklistStore::item, patientKey);
    }

    /** Items of a placer order (order_key), any study. */
    public List<WorklistItem> byOrder(Tx tx, String orderKey) throws SQLException {
        return tx.query("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE order_key=? ORDER BY id", WorklistStore::item, orderKey);
    }

    /** Distinct order keys of the items carrying an accession number (collision check of assigned accessions). */
    public List<String> ordersWithAccession(Tx tx, String accession) throws SQLException {
        return tx.query("SELECT DISTINCT order_key FROM worklist_items WHERE accession=?", rs -> rs.getString(1), accession);
    }

    // ---------------------------------------------------------------- writes

    /**
     * An item's matching columns and encoded data set, computed before the writer transaction (pure): {@code values}
     * are the column values the data set gives, in the order of {@link #DATASET_COLUMNS}, so that the writer only binds.
     */
    public record Encoded(ItemColumns columns, byte[] dataset, Object[] values) {
        public static Encoded of(Attributes ds) {
            ItemColumns c = ItemColumns.of(ds);
            return new Encoded(c, encode(ds), new Object[] {c.patientId(), c.issuerOfPatientId(), c.patientName(),
                ItemColumns.ci(c.patientName()), c.birthDate(), c.sex(), c.accession(), c.requestedProcedureId(),
                c.referringPhysician(), ItemColumns.ci(c.referringPhysician()), c.requestingPhysician(),
                ItemColumns.ci(c.requestingPhysician()), c.admissionId(), c.priority(), c.modality(), c.stationAesJoined(),
                c.stationName(), c.spsLocation(), c.spsStart(), c.spsStartDate(), c.spsStartTime(), c.performingPhysician(),
                ItemColumns.ci(c.performingPhysician()), c.spsStatus() == null ? "" : c.spsStatus()});
        }
    }

    /** The columns an item's data set gives ({@link Encoded#values}). */
    private static final String DATASET_COLUMNS = "patient_id, issuer_of_patient_id, patient_name, patient_name_ci, birth_date, "
            + "sex, accession, requested_procedure_id, referring_physician, referring_physician_ci, requesting_physician, "
            + "requesting_physician_ci, admission_id, priority, modality, station_aes, station_name, sps_location, sps_start, "
            + "sps_start_date, sps_start_time, performing_physician, performing_physician_ci, sps_status";
    private static final int DATASET_COLUMN_COUNT = DATASET_COLUMNS.split(",").length;
    /** Insert: study_uid, sps_id, created_at, patient_key, order_key, procedure_key, the data set's columns, the rest. */
    private static final String INSERT_ITEM = "INSERT INTO worklist_items (study_uid, sps_id, created_at, patient_key, order_key, "
            + "procedure_key, " + DATASET_COLUMNS + ", message_id, updated_at, expired_at, dataset) VALUES ("
            + "?,".repeat(DATASET_COLUMN_COUNT + 9) + "?)";
    private static final String UPDATE_ITEM = "UPDATE worklist_items SET patient_key=?, order_key=?, procedure_key=?, "
            + DATASET_COLUMNS.replace(",", "=?,") + "=?, message_id=?, updated_at=?, expired_at=?, dataset=? WHERE id=?";
    private static final String ITEM_ID = "SELECT id FROM worklist_items WHERE study_uid=? AND sps_id=?";
    private static final String DELETE_STATIONS = "DELETE FROM worklist_stations WHERE item_id=?";
    private static final String INSERT_STATION = "INSERT INTO worklist_stations (item_id, station_ae) VALUES (?,?)";

    /** Inserts or replaces the item with its key; returns its id. */
    public long save(Tx tx, WorklistItem it, Long messageId) throws SQLException {
        return save(tx, it, messageId, Encoded.of(it.dataset()));
    }

    /** {@link #save} with the columns and data set already encoded from {@code it.dataset()} (off the writer thread). */
    public long save(Tx tx, WorklistItem it, Long messageId, Encoded encoded) throws SQLException {
        Long id = tx.queryOne(ITEM_ID, rs -> rs.getLong(1), it.studyUid(), it.spsId());
        return write(tx, it, messageId, encoded, id);
    }

    /**
     * {@link #save} by a caller that read the study's items in this transaction ({@link #byStudy}): {@code existingId}
     * is the id of the item with this SPS ID among them, null when there is none (no lookup by key).
     */
    public long save(Tx tx, WorklistItem it, Long messageId, Encoded encoded, Long existingId) throws SQLException {
        return write(tx, it, messageId, encoded, existingId);
    }

    private long write(Tx tx, WorklistItem it, Long messageId, Encoded encoded, Long id) throws SQLException {
        ItemColumns c = encoded.columns();
        long now = System.currentTimeMillis();
        Object[] values = encoded.values();
        int n = values.length;
        if (id == null) {
            Object[] args = new Object[n + 10];
            args[0] = it.studyUid();
            args[1] = it.spsId();
            args[2] = now;
            args[3] = it.patientKey();
            args[4] = it.orderKey();
            args[5] = it.procedureKey();
            System.arraycopy(values, 0, args, 6, n);
            args[n + 6] = messageId;
            args[n + 7] = now;
            args[n + 8] = it.expiredAt();
            args[n + 9] = encoded.dataset();
            id = tx.insert(INSERT_ITEM, args);
        } else {
            Object[] args = new Object[n + 8];
            args[0] = it.patientKey();
            args[1] = it.orderKey();
            args[2] = it.procedureKey();
            System.arraycopy(values, 0, args, 3, n);
            args[n + 3] = messageId;
            args[n + 4] = now;
            args[n + 5] = it.expiredAt();
            args[n + 6] = encoded.dataset();
            args[n + 7] = id;
            tx.update(UPDATE_ITEM, args);
            tx.update(DELETE_STATIONS, id);
        }
        for (String ae : c.stationAes()) {
            tx.update(INSERT_STATION, id, ae);
        }
        return id;
    }

    public void delete(Tx tx, long id) throws SQLException {
        tx.update("DELETE FROM worklist_stations WHERE item_id=?", id);
        tx.update("DELETE FROM worklist_items WHERE id=?", id);
    }

    /** Sets the SPS Status (0040,0020) of an item; false when there is no such item. */
    public boolean setStatus(Tx tx, String studyUid, String spsId, String status) throws SQLException {
        WorklistItem it = get(tx, studyUid, spsId);
        if (it == null) {
            return false;
        }
        setStatus(tx, it, status);
        return true;
    }

    /**
     * Sets the SPS Status of an item read in this transaction: only the status column, the data set and updated_at
     * change (every other matching column, the station rows and the link to the message that wrote the item, whose
     * status messages are built from it, stay as they are: they derive from values the status does not touch).
     */
    public void setStatus(Tx tx, WorklistItem it, String status) throws SQLException {
        Attributes ds = it.dataset();
        ds.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStatus, VR.CS, status);
        String column = ItemColumns.of(ds).spsStatus();
        tx.update("UPDATE worklist_items SET sps_status=?, updated_at=?, dataset=? WHERE id=?", column == null ? "" : column,
                System.currentTimeMillis(), encode(ds), it.id());
    }

    // ---------------------------------------------------------------- matching (read pool)

    /**
     * Ids of the items matching a query, decided on the indexed columns (the SQL narrows, {@link MwlQuery#test}
     * decides), in SPS start order; at most {@code limit}.
     */
    public List<Long> match(MwlQuery q, int limit) {
        return match(q, limit, 0).ids();
    }

    /** An item's id and its data set as stored (explicit VR little endian), not decoded. */
    public record Stored(long id, byte[] dataset) {
        public Attributes decoded() {
            return decode(dataset);
        }
    }

    /** The ids of the matches and the stored data sets of the first of them, read in the same statement. */
    public record Matches(List<Long> ids, List<Stored> first) {
    }

    /**
     * {@link #match}, reading only the columns the query's test needs ({@link MwlQuery#columns}), plus the stored data
     * sets of the first {@code prefetch} matches from the same rows (one statement and one pooled connection per query;
     * a row's data set is read only when it matches, and not decoded here: the C-FIND SCP may hold its answer already).
     */
    public Matches match(MwlQuery q, int limit, int prefetch) {
        List<Object> args = new ArrayList<>();
        Column[] cols = q.columns().toArray(new Column[0]);
        StringBuilder select = new StringBuilder("SELECT ");
        for (Column c : cols) {
            select.append(c.sql).append(", ");
        }
        String sql = select.append("dataset FROM worklist_items WHERE ").append(q.where(args))
                .append(" ORDER BY sps_start, study_uid, sps_id").toString();
        return db.read(c -> {
            List<Long> ids = new ArrayList<>();
            List<Stored> first = new ArrayList<>(Math.min(prefetch, 128));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Tx.bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    String[] row = new String[Column.values().length];
                    while (rs.next() && ids.size() < limit) {
                        for (int i = 0; i < cols.length; i++) {
                            row[cols[i].ordinal()] = rs.getString(i + 1);
                        }
                        if (q.test(row)) {
                            long id = Long.parseLong(row[Column.ID.ordinal()]);
                            ids.add(id);
                            if (first.size() < prefetch) {
                                first.add(new Stored(id, rs.getBytes(cols.length + 1)));
                            }
                        }
                    }
                }
            }
            return new Matches(ids, first);
        });
    }

    /** Data sets of items by id, in the order of {@code ids} (missing ones skipped). */
    public List<Attributes> datasets(List<Long> ids) {
        return stored(ids).stream().map(Stored::decoded).toList();
    }

    /** Stored data sets of items by id, not decoded, in the order of {@code ids} (missing ones skipped). */
    public List<Stored> stored(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            Map<Long, byte[]> byId = new HashMap<>();
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                loadChunk(c, chunk, byId);
            }
            List<Stored> out = new ArrayList<>(ids.size());
            for (Long id : ids) {
                byte[] b = byId.get(id);
                if (b != null) {
                    out.add(new Stored(id, b));
                }
            }
            return out;
        });
    }

    private static void loadChunk(Connection c, List<Long> chunk, Map<Long, byte[]> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, dataset FROM worklist_items WHERE id IN ("
                + "?,".repeat(chunk.size() - 1) + "?)")) {
            Tx.bind(ps, chunk.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.put(rs.getLong(1), rs.getBytes(2));
                }
            }
        }
    }

    // ---------------------------------------------------------------- API and housekeeping

    /** Filter of GET /api/worklist; null fields are not filtered. */
    public record Filter(String modality, String stationAe, String dateFrom, String dateTo, List<String> statuses,
            String patientId, String accession, String studyUid, int limit) {
    }

    public List<WorklistItem> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (f.modality() != null) {
            sql.append(" AND modality=?");
            args.add(f.modality());
        }
        if (f.stationAe() != null) {
            sql.append(" AND id IN (SELECT item_id FROM worklist_stations WHERE station_ae=?)");
            args.add(f.stationAe());
        }
        if (f.dateFrom() != null) {
            sql.append(" AND sps_start_date>=?");
            args.add(f.dateFrom());
        }
        if (f.dateTo() != null) {
            sql.append(" AND sps_start_date<=?");
            args.add(f.dateTo());
        }
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            sql.append(" AND sps_status IN (").append("?,".repeat(f.statuses().size() - 1)).append("?)");
            args.addAll(f.statuses());
        }
        if (f.patientId() != null) {
            sql.append(" AND patient_id=?");
            args.add(f.patientId());
        }
        if (f.accession() != null) {
            sql.append(" AND accession=?");
            args.add(f.accession());
        }
        if (f.studyUid() != null) {
            sql.append(" AND study_uid=?");
            args.add(f.studyUid());
        }
        sql.append(" ORDER BY study_uid, sps_id LIMIT ?");
        args.add(f.limit() <= 0 ? 1000 : Math.min(f.limit(), 10_000));
        return db.read(c -> Tx.query(c, sql.toString(), WorklistStore::item, args.toArray()));
    }

    public WorklistItem get(String studyUid, String spsId) {
        return db.read(c -> {
            List<WorklistItem> l = Tx.query(c, "SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE study_uid=? AND sps_id=?",
                    WorklistStore::item, studyUid, spsId);
            return l.isEmpty() ? null : l.get(0);
        });
    }

    /** Keys (study/sps) of SCHEDULED items that started before {@code before} and are not expired yet. */
    public List<String[]> expiring(Tx tx, String before, int limit) throws SQLException {
        return tx.query("SELECT study_uid, sps_id FROM worklist_items WHERE sps_status='SCHEDULED' AND expired_at IS NULL "
                + "AND sps_start<? ORDER BY sps_start LIMIT ?", rs -> new String[] {rs.getString(1), rs.getString(2)}, before, limit);
    }

    public void markExpired(Tx tx, String studyUid, String spsId, long at) throws SQLException {
        tx.update("UPDATE worklist_items SET expired_at=?, updated_at=? WHERE study_uid=? AND sps_id=?", at, at, studyUid, spsId);
    }

    /** Items finished (or expired) and unchanged since {@code before}: candidates for purging. */
    public List<WorklistItem> purgeable(Tx tx, long before, List<String> finished, int limit) throws SQLException {
        return tx.query("SELECT " + ITEM_COLUMNS + " FROM worklist_items WHERE updated_at<? AND (expired_at IS NOT NULL OR sps_status IN ("
                + "?,".repeat(finished.size() - 1) + "?)) ORDER BY id LIMIT ?", WorklistStore::item,
                concat(before, finished, limit));
    }

    private static Object[] concat(long before, List<String> statuses, int limit) {
        Object[] a = new Object[statuses.size() + 2];
        a[0] = before;
        for (int i = 0; i < statuses.size(); i++) {
            a[i + 1] = statuses.get(i);
        }
        a[a.length - 1] = limit;
        return a;
    }

    /** Items without Modality or Scheduled Station AE Title (Type 1, PS3.4 K.6-1): never served nor exported. */
    public long countIncomplete() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM worklist_items WHERE modality IS NULL OR station_aes IS NULL",
                rs -> rs.getLong(1)).get(0));
    }

    public long count() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM worklist_items", rs -> rs.getLong(1)).get(0));
    }
}
