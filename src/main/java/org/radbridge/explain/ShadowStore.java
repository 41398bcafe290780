package org.radbridge.explain;

import java.util.List;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;

/** The shadow run's reports, one per journal entry (table shadow_reports, migration db/migration/shadow/). */
public final class ShadowStore {

    /** One report as listed: the changed paths, not the values. */
    public record Summary(long messageId, long createdAt, String type, String controlId, String liveAnswer,
            String shadowAnswer, int differences, List<String> fields) {
    }

    private final Db db;

    public ShadowStore(Db db) {
        this.db = db;
    }

    public void save(long messageId, String type, String controlId, String liveAnswer, String shadowAnswer,
            List<String> fields, String reportJson) {
        String joined = String.join("\n", fields);
        db.writeAndWait(tx -> {
            tx.update("DELETE FROM shadow_reports WHERE message_id = ?", messageId);
            tx.update("INSERT INTO shadow_reports(message_id, created_at, message_type, control_id, live_answer, shadow_answer, "
                    + "differences, fields, report) VALUES (?,?,?,?,?,?,?,?,?)", messageId, System.currentTimeMillis(), type,
                    controlId, liveAnswer, shadowAnswer, fields.size(), joined, reportJson);
            return null;
        });
    }

    /** The newest reports first; {@code changedOnly}: only those with differences. */
    public List<Summary> list(boolean changedOnly, Long beforeId, int limit) {
        return db.read(c -> Tx.query(c, "SELECT message_id, created_at, message_type, control_id, live_answer, shadow_answer, "
                + "differences, fields FROM shadow_reports WHERE (? = 0 OR differences > 0) AND message_id < ? "
                + "ORDER BY message_id DESC LIMIT ?", rs -> new Summary(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8).isEmpty() ? List.of() : List.of(rs.getString(8).split("\n"))),
                changedOnly ? 1 : 0, beforeId == null ? Long.MAX_VALUE : beforeId, limit));
    }

    /** The JSON report of a message, or null. */
    public String report(long messageId) {
        List<String> l = db.read(c -> Tx.query(c, "SELECT report FROM shadow_reports WHERE message_id = ?",
                rs -> rs.getString(1), messageId));
        return l.isEmpty() ? null : l.get(0);
    }

    public long count() {
        return db.read(c -> Tx.query(c, "SELECT COUNT(*) FROM shadow_reports", rs -> rs.getLong(1))).get(0);
    }

    public int purge(long before) {
        return db.writeAndWait(tx -> tx.update("DELETE FROM shadow_reports WHERE created_at < ?", before));
    }
}
