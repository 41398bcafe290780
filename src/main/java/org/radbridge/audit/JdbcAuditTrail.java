package org.radbridge.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    public static final String GENESIS = "0".repeat(64);

    private final Db db;
    private final ThreadLocal<Mac> mac;

    public JdbcAuditTrail(Db db, byte[] key) {
        this.db = db;
        byte[] k = key.clone();
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(k, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        });
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
        } catch (RuntimeException ex) {
            LOG.error("audit record could not be written: {} {}", e.type(), ex.toString());
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
        if (tx.dialect() == Dialect.POSTGRESQL) {
            try (Statement st = tx.connection().createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(7261002)");
            }
        }
        Head h = head(tx);
        long seq = h.seq() + 1;
        String hash = hash(seq, at, e, h.hash());
        tx.update("INSERT INTO audit_events (seq, at, type, outcome, principal, source, patient_key, object_type, "
                + "object_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                seq, at, e.type(), e.outcome(), e.principal(), e.source(), e.patientKey(), e.objectType(),
                e.objectId(), e.detail(), h.hash(), hash);
        return seq;
    }

    /** HMAC-SHA-256 over the record's fields and the previous hash, hex. */
    public String hash(long seq, long at, AuditEvent e, String prevHash) {
        StringBuilder sb = new StringBuilder(256);
        for (Object o : List.of(seq, at, nz(e.type()), nz(e.outcome()), nz(e.principal()), nz(e.source()),
                nz(e.patientKey()), nz(e.objectType()), nz(e.objectId()), nz(e.detail()), prevHash)) {
            String s = String.valueOf(o);
            sb.append(s.length()).append(':').append(s).append(';');
        }
        return HexFormat.of().formatHex(mac.get().doFinal(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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
        return db.read(c -> Tx.query(c, sql.toString(), rs -> new Stored(rs.getLong(1), rs.getLong(2),
                new AuditEvent(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10)), rs.getString(11), rs.getString(12)),
                args.toArray()));
    }
}
