package org.radbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The message journal (design.md §2): every received message with its raw bytes, acknowledgement, state
 * history and effects. States: RECEIVED (stored, processing pending: after-store), PROCESSED, REJECTED
 * (answered AE/AR), FAILED (after-store processing failed after AA), DUPLICATE (a resend answered with the
 * original ACK).
 */
public final class Journal {

    public static final String RECEIVED = "RECEIVED";
    public static final String PROCESSED = "PROCESSED";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";
    public static final String DUPLICATE = "DUPLICATE";

    static final String COLUMNS = "id, received_at, channel, remote_addr, sender, control_id, message_type, "
            + "version, processing_id, charset, ack_mode, flows, state, ack_code, ack_text, error_code, error_text, "
            + "content_hash, collision, duplicate_of, patient_key, accession, order_key, raw_size, processed_at, patient_name";

    private volatile String configDigest;

    /**
     * The digest of the configuration now in force (mappings, peers, code tables, routes: config.ConfigDigest),
     * recorded on every entry written or processed from now on ("which mapping version made this?").
     */
    public void configDigest(String digest) {
        this.configDigest = digest;
    }

    public String configDigest() {
        return configDigest;
    }

    /** Inserts an entry; returns its id. */
    public long insert(Tx tx, JournalRow r) throws SQLException {
        return tx.insert("INSERT INTO messages (received_at, channel, remote_addr, sender, control_id, message_type, "
                + "version, processing_id, charset, ack_mode, flows, state, ack_code, ack_text, error_code, error_text, "
                + "content_hash, collision, duplicate_of, patient_key, accession, order_key, raw, raw_size, processed_at, "
                + "config_digest, patient_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.receivedAt(), r.channel(), r.remoteAddress(), r.sender(), r.controlId(), r.messageType(),
                r.version(), r.processingId(), r.charset(), r.ackMode(), r.flows(), r.state(), r.ackCode(),
                r.ackText(), r.errorCode(), r.errorText(), r.contentHash(), r.collision(), r.duplicateOf(),
                r.patientKey(), r.accession(), r.orderKey(), r.raw(), r.rawSize(), r.processedAt(), configDigest, r.patientName());
    }

    /** A reprocessed entry: the digest now in force is the one that made its latest effects. */
    public void reprocessedUnder(Tx tx, long id) throws SQLException {
        if (configDigest != null) {
            tx.update("UPDATE messages SET config_digest=? WHERE id=?", configDigest, id);
        }
    }

    /** The configuration digest that processed an entry (null for entries from before digests were kept). */
    public String configDigest(Db db, long id) {
        List<String> d = db.read(c -> Tx.query(c, "SELECT config_digest FROM messages WHERE id=?", rs -> rs.getString(1), id));
        return d.isEmpty() ? null : d.get(0);
    }

    public void event(Tx tx, long messageId, String kind, String detail) throws SQLException {
        tx.update("INSERT INTO message_events (message_id, at, kind, detail) VALUES (?,?,?,?)",
                messageId, System.currentTimeMillis(), kind, detail);
    }

    /** Several events of an entry ({kind, detail} pairs, in order) in one statement. */
    public void events(Tx tx, long messageId, List<String[]> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() == 1) {
            event(tx, messageId, events.get(0)[0], events.get(0)[1]);
            return;
        }
        long at = System.currentTimeMillis();
        StringBuilder sql = new StringBuilder("INSERT INTO message_events (message_id, at, kind, detail) VALUES ");
        Object[] args = new Object[events.size() * 4];
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)");
            args[i * 4] = messageId;
            args[i * 4 + 1] = at;
            args[i * 4 + 2] = events.get(i)[0];
            args[i * 4 + 3] = events.get(i)[1];
        }
        tx.update(sql.toString(), args);
    }

    /** A previous acknowledged-AA entry of a sender and control id. */
    public record Previous(long id, String contentHash, String ackText) {
    }

    /** SQLite: the unary "+" keeps the planner on messages_dedup (see {@link #previousAccepted}). */
    static final String PREVIOUS_SQLITE = "SELECT id, content_hash, ack_text FROM messages WHERE sender=? AND control_id=? "
            + "AND +received_at>=? AND +ack_code='AA' AND state<>'DUPLICATE' ORDER BY id DESC";
    private static final String PREVIOUS = "SELECT id, content_hash, ack_text FROM messages WHERE sender=? AND control_id=? "
            + "AND received_at>=? AND ack_code='AA' AND state<>'DUPLICATE' ORDER BY id DESC";

    /**
     * AA'd entries with this sender and MSH-10 since a time (newest first): the duplicate candidates. On SQLite
     * (no statistics) the planner chose messages_ack_at (ack_code, received_at) for this query, a scan of every
     * AA'd message of the duplicate window (72 h by default) per incoming message; the unary "+" on those two
     * terms disqualifies them from index use (sqlite.org/optoverview.html, "Disqualifying WHERE Clause Terms
     * using Unary-+"), so it searches messages_dedup (sender, control_id): a few rows whatever the journal's size.
     */
    public List<Previous> previousAccepted(Tx tx, String sender, String controlId, long since) throws SQLException {
        return tx.query(tx.dialect() == Dialect.SQLITE ? PREVIOUS_SQLITE : PREVIOUS,
                rs -> new Previous(rs.getLong(1), rs.getString(2), rs.getString(3)), sender, controlId, since);
    }

    /** Moves an entry to a new state (optimistically from an expected one); returns false if it was not there. */
    public boolean transition(Tx tx, long id, String from, String to, Integer errorCode, String errorText) throws SQLException {
        int n = tx.update("UPDATE messages SET state=?, error_code=?, error_text=?, processed_at=?, attempts=attempts+1, "
                + "config_digest=COALESCE(?, config_digest) WHERE id=? AND state=?", to, errorCode, errorText,
                System.currentTimeMillis(), configDigest, id, from);
        if (n == 1) {
            event(tx, id, "STATE", to + (errorText == null ? "" : ": " + errorText));
        }
        return n == 1;
    }

    public void setKeys(Tx tx, long id, String patientKey, String accession, String orderKey) throws SQLException {
        tx.update("UPDATE messages SET patient_key=COALESCE(?, patient_key), accession=COALESCE(?, accession), "
                + "order_key=COALESCE(?, order_key) WHERE id=?", patientKey, accession, orderKey, id);
    }

    static JournalRow row(ResultSet rs, boolean withRaw) throws SQLException {
        int ec = rs.getInt("error_code");
        Integer errorCode = rs.wasNull() ? null : ec;
        long dup = rs.getLong("duplicate_of");
        Long duplicateOf = rs.wasNull() ? null : dup;
        long pa = rs.getLong("processed_at");
        Long processedAt = rs.wasNull() ? null : pa;
        return new JournalRow(rs.getLong("id"), rs.getLong("received_at"), rs.getString("channel"),
                rs.getString("remote_addr"), rs.getString("sender"), rs.getString("control_id"),
                rs.getString("message_type"), rs.getString("version"), rs.getString("processing_id"),
                rs.getString("charset"), rs.getString("ack_mode"), rs.getString("flows"), rs.getString("state"),
                rs.getString("ack_code"), rs.getString("ack_text"), errorCode, rs.getString("error_text"),
                rs.getString("content_hash"), rs.getInt("collision") != 0, duplicateOf, rs.getString("patient_key"),
                rs.getString("accession"), rs.getString("order_key"), withRaw ? rs.getBytes("raw") : null,
                rs.getInt("raw_size"), processedAt, rs.getString("patient_name"));
    }

    /** One entry with its raw bytes, or null. */
    public JournalRow get(Db db, long id) {
        return db.read(c -> {
            List<JournalRow> l = Tx.query(c, "SELECT " + COLUMNS + ", raw FROM messages WHERE id=?", rs -> row(rs, true), id);
            return l.isEmpty() ? null : l.get(0);
        });
    }

    public JournalRow get(Tx tx, long id) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + ", raw FROM messages WHERE id=?", rs -> row(rs, true), id);
    }

    /** Search filter of GET /api/messages; null fields are not used. */
    public record Filter(String type, String state, String patientKey, String accession, String controlId,
            Long since, Long beforeId, int limit) {
    }

    /** Newest first by (received_at, id), see {@link MessageSearch}; "before" = entries after that one in this order. */
    public List<JournalRow> search(Db db, Filter f) {
        MessageQuery.Cursor after = null;
        Long beforeId = null;
        if (f.beforeId() != null) {
            List<Long> at = db.read(c -> Tx.query(c, "SELECT received_at FROM messages WHERE id=?", rs -> rs.getLong(1),
                    f.beforeId()));
            if (at.isEmpty()) {
                beforeId = f.beforeId();
            } else {
                after = new MessageQuery.Cursor(at.get(0), f.beforeId());
            }
        }
        MessageQuery q = new MessageQuery(null, f.controlId(), f.accession(), f.patientKey(), null, f.type(), null,
                f.state(), null, f.since(), null, beforeId);
        return new MessageSearch().search(db, q, after, f.limit() <= 0 ? 100 : Math.min(f.limit(), 1000)).rows();
    }

    /** State history and effects of an entry. */
    public record Event(long at, String kind, String detail) {
    }

    public List<Event> events(Db db, long id) {
        return db.read(c -> Tx.query(c, "SELECT at, kind, detail FROM message_events WHERE message_id=? ORDER BY id",
                rs -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3)), id));
    }

    /** Entries stored but not processed yet (after-store), oldest first. */
    public List<Long> pending(Db db) {
        return db.read(c -> Tx.query(c, "SELECT id FROM messages WHERE state='RECEIVED' ORDER BY id",
                rs -> rs.getLong(1)));
    }

    /** Is there a later entry for the same order (reprocess guard)? */
    public boolean laterForOrder(Db db, long id, String orderKey) {
        if (orderKey == null) {
            return false;
        }
        return db.read(c -> !Tx.query(c, "SELECT id FROM messages WHERE order_key=? AND id>? AND state IN ('PROCESSED','RECEIVED') LIMIT 1",
                rs -> rs.getLong(1), orderKey, id).isEmpty());
    }

    /** Counts by state (for /health and /metrics). */
    public long count(Db db, String state) {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM messages WHERE state=?", rs -> rs.getLong(1), state).get(0));
    }

    /** Drops raw payloads received before a time (retention); metadata stays. Returns entries purged. */
    public int purgePayloads(Tx tx, long before) throws SQLException {
        return tx.update("UPDATE messages SET raw=NULL, purged_at=? WHERE received_at<? AND raw IS NOT NULL "
                + "AND state<>'RECEIVED'", System.currentTimeMillis(), before);
    }
}
