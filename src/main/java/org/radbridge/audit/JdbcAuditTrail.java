package org.radbridge.audit;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import org.radbridge.store.Db;
import org.radbridge.store.Dialect;
import org.radbridge.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in the engine's database: append-only, each record's HMAC-SHA-256 covers its fields
 * and the previous record's hash, with a key kept outside the database (radbridge.audit.key). Appends are
 * serialized: by the single writer, and on PostgreSQL also by an advisory lock across instances.
 */
public class JdbcAuditTrail implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditTrail.class);
    private static final String WRITE_FAILED = "audit-write";

    /** Where a failed audit write is logged, once with its stack trace per episode (callers answer, not log, it). */
    private final org.radbridge.log.RateLimitedLog failures = new org.radbridge.log.RateLimitedLog(LOG, org.radbridge.log.RateLimitedLog.MINUTE);
    public static final String GENESIS = "0".repeat(64);

    private final Db db;
    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    public JdbcAuditTrail(Db db, byte[] key) {
        this.db = db;
        this.key = key.clone();
        byte[] k = this.key;
        this.mac = ThreadLocal.withInitial(() -> AuditKey.mac(k));
    }

    private volatile java.util.function.Consumer<AuditEvent> listener = e -> { };

    /** Called with each record as it is appended (e.g. to count security alerts); must not throw. */
    public void listener(java.util.function.Consumer<AuditEvent> l) {
        this.listener = l;
    }

    /** The audit key, for signing checkpoints (never logged or stored). */
    byte[] key() {
        return key;
    }

    /** A signed checkpoint of the chain as it is now (null when the trail is empty). */
    public Checkpoint checkpoint(String kind, String instance) {
        return db.read(c -> {
            Long[] agg = Tx.query(c, "SELECT max(seq), count(*), min(seq) FROM audit_events",
                    rs -> new Long[] {rs.getObject(1) == null ? null : rs.getLong(1), rs.getLong(2), rs.getLong(3)}).get(0);
            if (agg[0] == null) {
                return null;
            }
            String h = Tx.query(c, "SELECT hash FROM audit_events WHERE seq=?", rs -> rs.getString(1), agg[0]).get(0);
            return Checkpoint.signed(key, kind, agg[0], h, agg[1], agg[2], System.currentTimeMillis(), instance);
        });
    }

    /**
     * Deletes the records up to a checkpoint and appends an {@link AuditEvent#AUDIT_PURGE} record naming it,
     * in one transaction: the chain stays verifiable from the purge boundary on (purging only at
     * checkpoint boundaries, design.md §6). Returns the number of records deleted.
     */
    public int purgeThrough(Tx tx, Checkpoint cp, String instance) throws SQLException {
        String h = tx.queryOne("SELECT hash FROM audit_events WHERE seq=?", rs -> rs.getString(1), cp.seq());
        if (h != null && !h.equals(cp.hash())) {
            throw new IllegalStateException("audit record " + cp.seq() + " differs from the checkpoint of " + cp.time()
                    + ": not purging (run radbridge audit verify)");
        }
        lock(tx);
        Long older = tx.queryOne("SELECT count(*) FROM audit_events WHERE seq<=?", rs -> rs.getLong(1), cp.seq());
        if (older == null || older == 0) {
            return 0;
        }
        Head before = head(tx); // the purge record follows the head even when every record is purged
        int n = tx.update("DELETE FROM audit_events WHERE seq<=?", cp.seq());
        insert(tx, before, AuditEvents.purge(instance, cp.seq(), cp.hash(), n), System.currentTimeMillis());
        return n;
    }

    /** Streams every record in sequence order (a cursor; for verification). */
    public void scan(java.util.function.Consumer<Stored> sink) {
        scan(1, sink);
    }

    /** The highest seq below {@code seq} present in the table, or 0 when there is none. */
    public long lastSeqBefore(long seq) {
        return db.read(c -> {
            Long m = Tx.query(c, "SELECT max(seq) FROM audit_events WHERE seq<?", rs -> rs.getObject(1) == null ? 0L : rs.getLong(1),
                    seq).get(0);
            return m;
        });
    }

    /** The lowest and highest seq present ({0, 0} when empty): the extent a full verification covers. */
    public long[] extent() {
        return db.read(c -> Tx.query(c, "SELECT min(seq), max(seq) FROM audit_events",
                rs -> new long[] {rs.getObject(1) == null ? 0 : rs.getLong(1), rs.getObject(2) == null ? 0 : rs.getLong(2)}).get(0));
    }

    /** Streams the records from {@code fromSeq} on, in sequence order. */
    public void scan(long fromSeq, java.util.function.Consumer<Stored> sink) {
        db.read(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT seq, at, type, outcome, principal, source, patient_key, "
                    + "object_type, object_id, detail, prev_hash, hash FROM audit_events WHERE seq>=? ORDER BY seq")) {
                ps.setLong(1, fromSeq);
                ps.setFetchSize(1000);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(stored(rs));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    private static Stored stored(java.sql.ResultSet rs) throws SQLException {
        return new Stored(rs.getLong(1), rs.getLong(2), new AuditEvent(rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)), rs.getString(11),
                rs.getString(12));
    }

    /** True when a record's HMAC matches its content and predecessor hash. */
    public boolean intact(Stored s) {
        return java.security.MessageDigest.isEqual(hash(s.seq(), s.at(), s.event(), s.prevHash()).getBytes(StandardCharsets.US_ASCII),
                s.hash() == null ? new byte[0] : s.hash().getBytes(StandardCharsets.US_ASCII));
    }

    public Db db() {
        return db;
    }

    @Override
    public void record(Tx tx, AuditEvent e) throws Exception {
        append(tx, e, System.currentTimeMillis());
    }

    @Override
    public void record(AuditEvent e) {
        try {
            db.writeAndWait(tx -> {
                append(tx, e, System.currentTimeMillis());
                return null;
            });
            failures.recovered(WRITE_FAILED, "audit records are written again");
        } catch (RuntimeException ex) {
            failures.failure(WRITE_FAILED, ex, "audit record could not be written: {}", e.type());
            throw ex;
        }
    }

    /** The chain head: last sequence number and hash (0 and the genesis hash when empty). */
    public record Head(long seq, String hash) {
    }

    protected Head head(Tx tx) throws SQLException {
        Head h = tx.queryOne("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                rs -> new Head(rs.getLong(1), rs.getString(2)));
        return h == null ? new Head(0, GENESIS) : h;
    }

    protected long append(Tx tx, AuditEvent e, long at) throws SQLException {
        lock(tx);
        return insert(tx, head(tx), e, at);
    }

    /** Serializes appends across instances on PostgreSQL (held until the transaction ends). */
    private static void lock(Tx tx) throws SQLException {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            try (Statement st = tx.connection().createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(7261002)");
            }
        }
    }

    private long insert(Tx tx, Head h, AuditEvent e, long at) throws SQLException {
        long seq = h.seq() + 1;
        String hash = hash(seq, at, e, h.hash());
        tx.update("INSERT INTO audit_events (seq, at, type, outcome, principal, source, patient_key, object_type, "
                + "object_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                seq, at, e.type(), e.outcome(), e.principal(), e.source(), e.patientKey(), e.objectType(),
                e.objectId(), e.detail(), h.hash(), hash);
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.debug("audit listener: {}", ex.toString());
        }
        return seq;
    }

    /**
     * HMAC-SHA-256 over the record's fields and the previous hash, hex. Each field is length-prefixed
     * ({@code <length>:<value>;}) and a null field is {@code ~;}, so no two different records (NULL versus
     * empty included) have the same input.
     */
    public String hash(long seq, long at, AuditEvent e, String prevHash) {
        StringBuilder sb = new StringBuilder(256);
        field(sb, String.valueOf(seq));
        field(sb, String.valueOf(at));
        for (String s : new String[] {e.type(), e.outcome(), e.principal(), e.source(), e.patientKey(), e.objectType(),
                e.objectId(), e.detail(), prevHash}) {
            field(sb, s);
        }
        return HexFormat.of().formatHex(mac.get().doFinal(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void field(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("~;");
        } else {
            sb.append(s.length()).append(':').append(s).append(';');
        }
    }

    /** A stored record. */
    public record Stored(long seq, long at, AuditEvent event, String prevHash, String hash) {
    }

    public List<Stored> list(Long since, String type, String patientKey, Long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, at, type, outcome, principal, source, patient_key, object_type, "
                + "object_id, detail, prev_hash, hash FROM audit_events WHERE 1=1");
        java.util.List<Object> args = new java.util.ArrayList<>();
        if (since != null) {
            sql.append(" AND at>=?");
            args.add(since);
        }
        if (type != null) {
            sql.append(" AND type=?");
            args.add(type);
        }
        if (patientKey != null) {
            sql.append(" AND patient_key=?");
            args.add(patientKey);
        }
        if (afterSeq != null) {
            sql.append(" AND seq>?");
            args.add(afterSeq);
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(limit <= 0 ? 1000 : limit);
        return db.read(c -> Tx.query(c, sql.toString(), JdbcAuditTrail::stored, args.toArray()));
    }
}
