package org.radbridge.store;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches the message journal (console /console/messages and GET /api/messages): newest first by
 * (received_at, id), KEYSET pagination (the next page starts after the last row's (received_at, id), never an
 * OFFSET), so any page costs what the first one does.
 *
 * <p>Every searchable column has an index (column, received_at, id) (core migration V004): an equality on the
 * column reads one page of index entries in order. With several criteria one index drives and the others filter
 * the rows it yields; the driver is chosen by a fixed selectivity rank (identifiers, then name, then the rare
 * states and ACK codes, then sender and type, then the time range alone). On SQLite the other terms are written
 * {@code +column} so its planner (which has no statistics of value frequencies) cannot pick a worse index; on
 * PostgreSQL its planner chooses with its statistics. Prefix searches (patient id without issuer, name) compare
 * in the "C" collation on PostgreSQL (indexes of V004), so a prefix is a byte range in any database locale.
 */
public final class MessageSearch {

    /** Default and largest page size. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** States and ACK codes most messages have: a poor driver. */
    private static final List<String> COMMON = List.of("PROCESSED", "AA");

    /** One search term: its SQL (with the placeholder for the column written {c}), arguments and rank (lower drives). */
    private record Term(String column, String sql, List<Object> args, int rank) {
    }

    /** A page of results and the cursor of the next page (null on the last page). */
    public record Page(List<JournalRow> rows, MessageQuery.Cursor next) {
    }

    /** Runs the query: at most {@code limit} rows after the cursor (null: the newest). */
    public Page search(Db db, MessageQuery q, MessageQuery.Cursor after, int limit) {
        int n = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
        Sql sql = sql(db.dialect(), q, after, n + 1);
        List<JournalRow> rows = db.read(c -> run(c, sql));
        MessageQuery.Cursor next = null;
        if (rows.size() > n) {
            rows = new ArrayList<>(rows.subList(0, n));
            JournalRow last = rows.get(n - 1);
            next = new MessageQuery.Cursor(last.receivedAt(), last.id());
        }
        return new Page(rows, next);
    }

    private static List<JournalRow> run(Connection c, Sql sql) throws java.sql.SQLException {
        return Tx.query(c, sql.text, rs -> Journal.row(rs, false), sql.args.toArray());
    }

    /** The statement and its arguments (visible for the benchmark's EXPLAIN). */
    public record Sql(String text, List<Object> args) {
    }

    public Sql sql(Dialect dialect, MessageQuery q, MessageQuery.Cursor after, int limit) {
        String c = dialect == Dialect.POSTGRESQL ? " COLLATE \"C\"" : "";
        List<Term> terms = new ArrayList<>();
        if (q.text() != null) {
            String t = q.text();
            terms.add(new Term(null, "(control_id=? OR accession=? OR patient_key" + c + "=? OR (patient_key" + c
                    + ">=? AND patient_key" + c + "<?))", List.of(t, t, t, t + "^", t + "_"), 0));
        }
        if (q.controlId() != null) {
            terms.add(new Term("control_id", "{c}=?", List.of(q.controlId()), 1));
        }
        if (q.accession() != null) {
            terms.add(new Term("accession", "{c}=?", List.of(q.accession()), 2));
        }
        if (q.patientId() != null) {
            String p = q.patientId();
            if (p.indexOf('^') >= 0) {
                terms.add(new Term("patient_key", "{c}" + c + "=?", List.of(p), 3));
            } else {
                // "ID" alone: any issuer, the keys "ID^..." ('_' is the character after '^')
                terms.add(new Term("patient_key", "{c}" + c + ">=? AND {c}" + c + "<?", List.of(p + "^", p + "_"), 3));
            }
        }
        if (q.patientName() != null) {
            String name = q.patientName();
            terms.add(new Term("patient_name", "{c}" + c + ">=? AND {c}" + c + "<?", List.of(name, upper(name)), 4));
        }
        if (q.ackCode() != null) {
            terms.add(new Term("ack_code", "{c}=?", List.of(q.ackCode()), COMMON.contains(q.ackCode()) ? 9 : 5));
        }
        if (q.state() != null) {
            terms.add(new Term("state", "{c}=?", List.of(q.state()), COMMON.contains(q.state()) ? 9 : 5));
        }
        if (q.sender() != null) {
            terms.add(new Term("sender", "{c}=?", List.of(q.sender()), 6));
        }
        if (q.type() != null) {
            terms.add(new Term("message_type", "{c}=?", List.of(q.type()), 7));
        }
        Term driver = null;
        for (Term t : terms) {
            if (driver == null || t.rank < driver.rank) {
                driver = t;
            }
        }
        // a prefix driver (patient id without issuer, name, any identifier) yields its rows out of time order: they are
        // sorted, and on SQLite the time range must not tempt the planner to the time index instead
        boolean rangeDriver = driver != null && (driver.rank == 0 || driver.sql.contains(">="));
        // one criterion (plus time and cursor) is answered from its index alone: the page's ids first, sorted on the
        // index's columns, then only those rows are read (a common surname's thousands of rows are never fetched)
        boolean covering = terms.size() == 1 && driver.column != null && q.beforeId() == null;
        StringBuilder sql = new StringBuilder("SELECT ").append(covering ? "id" : Journal.COLUMNS).append(" FROM messages WHERE 1=1");
        List<Object> args = new ArrayList<>();
        String at = rangeDriver && dialect == Dialect.SQLITE ? "+received_at" : "received_at";
        for (Term t : terms) {
            String col = t.column == null ? null : (t == driver || dialect != Dialect.SQLITE ? "" : "+") + t.column;
            String s = col == null ? t.sql : t.sql.replace("{c}", col); // the text term (rank 0) always drives
            sql.append(" AND ").append(s);
            args.addAll(t.args);
        }
        if (q.from() != null) {
            sql.append(" AND ").append(at).append(">=?");
            args.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND ").append(at).append("<?");
            args.add(q.to());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id<?");
            args.add(q.beforeId());
        }
        if (after != null) {
            // the redundant first term lets any planner seek the index to the cursor
            String pair = rangeDriver && dialect == Dialect.SQLITE ? "(+received_at, id)" : "(received_at, id)";
            sql.append(" AND ").append(at).append("<=? AND ").append(pair).append(" < (?, ?)");
            args.add(after.receivedAt());
            args.add(after.receivedAt());
            args.add(after.id());
        }
        // PostgreSQL: a prefix driver is sorted anyway; ordering by an expression keeps the planner from walking the
        // time index backwards and filtering (fast only when the prefix is common and recent)
        sql.append(rangeDriver && dialect == Dialect.POSTGRESQL ? " ORDER BY received_at + 0 DESC, id DESC LIMIT ?"
                : " ORDER BY received_at DESC, id DESC LIMIT ?");
        args.add(limit);
        if (covering) {
            return new Sql("SELECT " + Journal.COLUMNS + " FROM messages WHERE id IN (" + sql
                    + ") ORDER BY received_at DESC, id DESC", args);
        }
        return new Sql(sql.toString(), args);
    }

    /** The smallest string greater than every string starting with {@code prefix}. */
    static String upper(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
    }
}
