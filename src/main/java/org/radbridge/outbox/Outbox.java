package org.radbridge.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.radbridge.store.Db;
import org.radbridge.store.Dialect;
import org.radbridge.store.Tx;

/**
 * The durable, ordered outbox (design.md §2). Entries are written in the transaction of the state change
 * that caused them. The ordering key is (destination, ordering_key): only the oldest unfinished entry of
 * a key can be claimed (a dead letter keeps blocking its key unless the destination says otherwise);
 * SKIP LOCKED separates keys across instances on PostgreSQL. Every write goes through the group-commit
 * writer.
 */
public final class Outbox {

    static final String COLUMNS = "id, created_at, message_id, destination, ordering_key, kind, content_type, payload, "
            + "control_id, state, attempts, next_attempt_at, last_outcome, last_error, updated_at, done_at";

    private final Db db;
    private volatile Consumer<String> onEnqueue = d -> { };
    private final List<EnqueueListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Hears every {@link #enqueue}, inside its transaction (not {@link #redeliver}, an operator's resend of
     * one entry): e.g. a de-identified copy enqueued for another destination. A listener that throws rolls
     * the caller's unit of work back.
     */
    public interface EnqueueListener {
        void enqueued(Tx tx, long entryId, Long messageId, NewEntry entry) throws SQLException;
    }

    public Outbox(Db db) {
        this.db = db;
    }

    public Db db() {
        return db;
    }

    /** Wakes the workers of a destination after an enqueue commits. */
    void onEnqueue(Consumer<String> wake) {
        this.onEnqueue = wake;
    }

    public void addEnqueueListener(EnqueueListener l) {
        listeners.add(l);
    }

    /**
     * A worker of this instance that takes new entries of a destination claimed in the enqueuing transaction (set by
     * {@link OutboxWorkers} on the embedded database, whose single writer orders every transaction).
     */
    interface Taker {
        String workerId();

        long leaseMillis();

        boolean deadLetterBlocksKey();

        /** The audit "attempt" record of the claim, in the enqueuing transaction (fail closed, as in {@link #claim}). */
        void attempt(Tx tx, OutboxEntry claimed) throws Exception;

        /** The new entry of {@code key} waits behind an unfinished one (called in the enqueuing transaction). */
        void waiting(String key);

        /** After the commit: the claimed entry goes to the worker. */
        void take(OutboxEntry claimed);
    }

    private volatile java.util.function.BiFunction<String, String, Taker> takers = (d, k) -> null;

    /** Set by the workers: the taker of new entries of (destination, ordering key), or null (unclaimed, as before). */
    void takers(java.util.function.BiFunction<String, String, Taker> takers) {
        this.takers = takers;
    }

    /** Writes an entry in the caller's transaction, tells the listeners; returns its id. */
    public long enqueue(Tx tx, Long messageId, NewEntry e) throws SQLException {
        long id = insertNew(tx, messageId, e);
        for (EnqueueListener l : listeners) {
            l.enqueued(tx, id, messageId, e);
        }
        return id;
    }

    /**
     * A new entry whose key has nothing unfinished before it (and whose destination is not paused) is written already
     * claimed by the worker that will send it, with its lease and its audit "attempt" record, and handed to that worker
     * after the commit: the claim costs no transaction of its own (issue 15). It is the same claim {@link #claim} would
     * make, made earlier: ownership, lease (a crash or stop releases it) and order per key are unchanged; the embedded
     * database's single writer orders it after every earlier entry and outcome of its key.
     */
    private long insertNew(Tx tx, Long messageId, NewEntry e) throws SQLException {
        String key = e.orderingKey() == null ? "" : e.orderingKey();
        Taker t = tx.dialect() == Dialect.SQLITE ? takers.apply(e.destination(), key) : null;
        if (t == null || paused(tx, e.destination())) {
            return insert(tx, messageId, e);
        }
        if (unfinishedBefore(tx, e.destination(), key, t.deadLetterBlocksKey())) {
            t.waiting(key);
            return insert(tx, messageId, e);
        }
        long now = System.currentTimeMillis();
        long id = tx.insert("INSERT INTO outbox (created_at, message_id, destination, ordering_key, kind, content_type, "
                + "payload, control_id, state, attempts, next_attempt_at, updated_at, claimed_by, claimed_until) "
                + "VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?,?)",
                now, messageId, e.destination(), key, e.kind(), e.contentType(), e.payload(), e.controlId(),
                OutboxEntry.IN_FLIGHT, now, now, t.workerId(), now + t.leaseMillis());
        OutboxEntry claimed = new OutboxEntry(id, now, messageId, e.destination(), key, e.kind(), e.contentType(), e.payload(),
                e.controlId(), OutboxEntry.IN_FLIGHT, 1, now, null, null, now, null);
        try {
            t.attempt(tx, claimed);
        } catch (SQLException | RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new SQLException("audit record of the outbox claim failed: " + ex.getMessage(), ex);
        }
        tx.afterCommit(() -> t.take(claimed));
        return id;
    }

    private static boolean paused(Tx tx, String destination) throws SQLException {
        Integer p = tx.queryOne("SELECT paused FROM destinations WHERE name=?", rs -> rs.getInt(1), destination);
        return p != null && p != 0;
    }

    /** Is an entry of the key unfinished (pending, retrying, in flight; dead if it blocks)? Index outbox_open(_live). */
    private static boolean unfinishedBefore(Tx tx, String destination, String key, boolean deadBlocks) throws SQLException {
        String states = deadBlocks ? "'PENDING','RETRYING','IN_FLIGHT','DEAD'" : "'PENDING','RETRYING','IN_FLIGHT'";
        return tx.queryOne("SELECT 1 FROM outbox WHERE destination=? AND ordering_key=? AND state IN (" + states + ") LIMIT 1",
                rs -> rs.getInt(1), destination, key) != null;
    }

    private long insert(Tx tx, Long messageId, NewEntry e) throws SQLException {
        long now = System.currentTimeMillis();
        long id = tx.insert("INSERT INTO outbox (created_at, message_id, destination, ordering_key, kind, content_type, "
                + "payload, control_id, state, attempts, next_attempt_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,0,?,?)",
                now, messageId, e.destination(), e.orderingKey() == null ? "" : e.orderingKey(), e.kind(),
                e.contentType(), e.payload(), e.controlId(), OutboxEntry.PENDING, now, now);
        String dest = e.destination();
        tx.afterCommit(() -> onEnqueue.accept(dest));
        return id;
    }

    static OutboxEntry row(ResultSet rs) throws SQLException {
        long mid = rs.getLong("message_id");
        Long messageId = rs.wasNull() ? null : mid;
        long da = rs.getLong("done_at");
        Long doneAt = rs.wasNull() ? null : da;
        return new OutboxEntry(rs.getLong("id"), rs.getLong("created_at"), messageId, rs.getString("destination"),
                rs.getString("ordering_key"), rs.getString("kind"), rs.getString("content_type"), rs.getBytes("payload"),
                rs.getString("control_id"), rs.getString("state"), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
                rs.getString("last_outcome"), rs.getString("last_error"), rs.getLong("updated_at"), doneAt);
    }

    /**
     * Claims up to {@code limit} deliverable entries of a destination, at most one per ordering key, each the
     * oldest unfinished entry of its key; marks them IN_FLIGHT with a lease and records the audit attempt in
     * the same transaction. Runs in the caller's (writer) transaction.
     */
    public List<OutboxEntry> claim(Tx tx, String destination, String worker, int limit, long leaseMillis,
            boolean deadBlocks, TransmissionAudit audit) throws Exception {
        long now = System.currentTimeMillis();
        String blocking = deadBlocks ? "'PENDING','RETRYING','IN_FLIGHT','DEAD'" : "'PENDING','RETRYING','IN_FLIGHT'";
        // unfinished entries in id order (index outbox_live_order), each kept only when no earlier entry of its
        // ordering key blocks it (index outbox_open / outbox_open_live): stops after LIMIT heads, whatever the backlog
        String sql = "SELECT " + COLUMNS + " FROM outbox o WHERE o.destination=? AND o.state IN ('PENDING','RETRYING','IN_FLIGHT') AND "
                + "((o.state IN ('PENDING','RETRYING') AND o.next_attempt_at<=?) OR (o.state='IN_FLIGHT' AND o.claimed_until<?)) "
                + "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.destination=o.destination AND p.ordering_key=o.ordering_key "
                + "AND p.id<o.id AND p.state IN (" + blocking + ")) "
                + "ORDER BY o.id LIMIT ?"
                + (tx.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE OF o SKIP LOCKED" : "");
        List<OutboxEntry> rows = tx.query(sql, Outbox::row, destination, now, now, limit);
        List<OutboxEntry> claimed = new ArrayList<>(rows.size());
        for (OutboxEntry r : rows) {
            tx.update("UPDATE outbox SET state='IN_FLIGHT', claimed_by=?, claimed_until=?, attempts=attempts+1, updated_at=? WHERE id=?",
                    worker, now + leaseMillis, now, r.id());
            OutboxEntry c = new OutboxEntry(r.id(), r.createdAt(), r.messageId(), r.destination(), r.orderingKey(), r.kind(),
                    r.contentType(), r.payload(), r.controlId(), OutboxEntry.IN_FLIGHT, r.attempts() + 1, r.nextAttemptAt(),
                    r.lastOutcome(), r.lastError(), now, r.doneAt());
            audit.attempt(tx, c);
            claimed.add(c);
        }
        return claimed;
    }

    /**
     * Makes entries claimed by workers matching {@code claimedByPattern} (SQL LIKE) deliverable again: after
     * a crash the send may or may not have happened, so they are sent again (at-least-once; receivers
     * de-duplicate by the stable control id).
     */
    public int releaseClaims(Tx tx, String claimedByPattern) throws SQLException {
        return tx.update("UPDATE outbox SET state='RETRYING', claimed_by=NULL, claimed_until=NULL, next_attempt_at=?, "
                + "last_outcome='INTERRUPTED' WHERE state='IN_FLIGHT' AND claimed_by LIKE ?", System.currentTimeMillis(),
                claimedByPattern);
    }

    /**
     * Records the outcome of an attempt: done, retry at a time, or dead letter — only while the entry is still the
     * claim {@code claimedBy} made (IN_FLIGHT, claimed by that worker, the attempt it counted). A worker whose lease
     * expired, and whose entry was released or claimed again by another worker, changes nothing of the entry: the
     * attempt is still logged (it happened), the entry keeps the state of its newer claim. Returns whether the
     * outcome was applied to the entry.
     */
    public boolean complete(Tx tx, OutboxEntry e, String claimedBy, String newState, long nextAttemptAt, String outcome,
            String error, long durationMillis) throws SQLException {
        long now = System.currentTimeMillis();
        int applied = tx.update("UPDATE outbox SET state=?, next_attempt_at=?, last_outcome=?, last_error=?, updated_at=?, "
                + "claimed_by=NULL, claimed_until=NULL, done_at=? WHERE id=? AND state='IN_FLIGHT' AND claimed_by=? AND attempts=?",
                newState, nextAttemptAt, outcome, error, now, OutboxEntry.DONE.equals(newState) ? now : null, e.id(), claimedBy,
                e.attempts());
        tx.update("INSERT INTO outbox_attempts (outbox_id, at, outcome, detail, duration_ms) VALUES (?,?,?,?,?)",
                e.id(), now, outcome, applied == 1 ? error : "claim lost (lease expired): " + error, durationMillis);
        return applied == 1;
    }

    public OutboxEntry get(long id) {
        return db.read(c -> {
            List<OutboxEntry> l = Tx.query(c, "SELECT " + COLUMNS + " FROM outbox WHERE id=?", Outbox::row, id);
            return l.isEmpty() ? null : l.get(0);
        });
    }

    public OutboxEntry get(Tx tx, long id) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM outbox WHERE id=?", Outbox::row, id);
    }

    /** GET /api/outbox. */
    public List<OutboxEntry> list(String destination, String state, Long messageId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM outbox WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (destination != null) {
            sql.append(" AND destination=?");
            args.add(destination);
        }
        if (state != null) {
            sql.append(" AND state=?");
            args.add(state);
        }
        if (messageId != null) {
            sql.append(" AND message_id=?");
            args.add(messageId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit <= 0 ? 100 : Math.min(limit, 1000));
        return db.read(c -> Tx.query(c, sql.toString(), Outbox::row, args.toArray()));
    }

    /** One attempt of an entry. */
    public record Attempt(long at, String outcome, String detail, Long durationMillis) {
    }

    public List<Attempt> attempts(long outboxId) {
        return db.read(c -> Tx.query(c, "SELECT at, outcome, detail, duration_ms FROM outbox_attempts WHERE outbox_id=? ORDER BY id",
                rs -> new Attempt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)), outboxId));
    }

    // ---- operator actions (audited by the caller) ----

    /** Retry now: a dead or retrying entry becomes pending again. Returns false if not in such a state. */
    public boolean retry(Tx tx, long id) throws SQLException {
        long now = System.currentTimeMillis();
        return tx.update("UPDATE outbox SET state='PENDING', next_attempt_at=?, updated_at=? WHERE id=? "
                + "AND state IN ('DEAD','RETRYING','PENDING')", now, now, id) == 1;
    }

    /** Skip: the entry will not be delivered and no longer blocks its key. */
    public boolean skip(Tx tx, long id) throws SQLException {
        long now = System.currentTimeMillis();
        return tx.update("UPDATE outbox SET state='SKIPPED', updated_at=?, done_at=? WHERE id=? "
                + "AND state IN ('DEAD','RETRYING','PENDING')", now, now, id) == 1;
    }

    /**
     * Redeliver: a copy of the entry is queued behind everything pending of its key, with the same control id
     * or a new one ({@code newControlId}). Returns the new entry's id, or -1 if there is no such entry.
     */
    public long redeliver(Tx tx, long id, String newControlId) throws SQLException {
        OutboxEntry e = get(tx, id);
        if (e == null) {
            return -1;
        }
        return insert(tx, e.messageId(), new NewEntry(e.destination(), e.orderingKey(), e.kind(), e.contentType(),
                e.payload(), newControlId != null ? newControlId : e.controlId()));
    }

    // ---- destinations ----

    public void pause(Tx tx, String destination, boolean paused, String reason, String by) throws SQLException {
        long now = System.currentTimeMillis();
        if (tx.update("UPDATE destinations SET paused=?, reason=?, changed_at=?, changed_by=? WHERE name=?",
                paused, reason, now, by, destination) == 0) {
            tx.update("INSERT INTO destinations (name, paused, reason, changed_at, changed_by) VALUES (?,?,?,?,?)",
                    destination, paused, reason, now, by);
        }
    }

    public boolean isPaused(String destination) {
        return db.read(c -> {
            List<Integer> l = Tx.query(c, "SELECT paused FROM destinations WHERE name=?", rs -> rs.getInt(1), destination);
            return !l.isEmpty() && l.get(0) != 0;
        });
    }

    /** Depth (unfinished entries), dead letters and oldest unfinished age per destination. */
    public record Stats(String destination, long depth, long dead, long oldestCreatedAt, boolean paused) {
    }

    public Map<String, Stats> stats() {
        Map<String, Stats> out = new TreeMap<>();
        db.read(c -> {
            for (Object[] r : Tx.query(c, "SELECT destination, SUM(CASE WHEN state IN ('PENDING','RETRYING','IN_FLIGHT') THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state='DEAD' THEN 1 ELSE 0 END), MIN(CASE WHEN state IN ('PENDING','RETRYING','IN_FLIGHT','DEAD') THEN created_at END) "
                    + "FROM outbox WHERE state NOT IN ('DONE','SKIPPED') GROUP BY destination",
                    rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})) {
                out.put((String) r[0], new Stats((String) r[0], (Long) r[1], (Long) r[2], (Long) r[3], false));
            }
            for (Object[] r : Tx.query(c, "SELECT name, paused FROM destinations", rs -> new Object[] {rs.getString(1), rs.getInt(2)})) {
                Stats s = out.get((String) r[0]);
                boolean paused = ((Integer) r[1]) != 0;
                out.put((String) r[0], s == null ? new Stats((String) r[0], 0, 0, 0, paused)
                        : new Stats(s.destination(), s.depth(), s.dead(), s.oldestCreatedAt(), paused));
            }
            return null;
        });
        return out;
    }
}
