package org.radbridge.console;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.audit.AuditChainCheck;
import org.radbridge.audit.AuditCheckpointer;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditVerifier;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.Beans;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.store.Tx;

/**
 * /console/audit (admin): the audit trail searched by type, principal, patient, object and time, newest first with
 * keyset pagination (by seq), and the chain: the status of the check at start ({@link AuditChainCheck}) and a
 * verification of the whole chain and its signed checkpoints on demand ({@link AuditVerifier}, like
 * {@code radbridge audit verify}; HIPAA 164.312(b) audit controls, 164.312(c)(1) integrity).
 */
final class AuditPage {

    static final int PAGE = 100;
    static final List<String> TYPES = List.of(AuditEvent.RECEIPT, AuditEvent.TRANSMISSION_ATTEMPT, AuditEvent.TRANSMISSION_OUTCOME,
            AuditEvent.DEIDENTIFICATION, AuditEvent.QUERY, AuditEvent.API_ACCESS, AuditEvent.OPERATOR_ACTION, AuditEvent.SECURITY_ALERT,
            AuditEvent.APPLICATION_ACTIVITY, AuditEvent.AUDIT_PURGE);

    record Row(long seq, long at, String type, String outcome, String principal, String source, String patient, String objectType,
            String objectId, String detail) {
    }

    private final Console console;
    private volatile String lastVerify;

    private AuditPage(Console console) {
        this.console = console;
    }

    static void register(Console console) {
        AuditPage p = new AuditPage(console);
        console.page("/console/audit", Principal.ADMIN, p::render);
        console.action("/console/audit/verify", Principal.ADMIN, p::verify);
    }

    private JdbcAuditTrail trail() {
        if (console.engine().audit() instanceof JdbcAuditTrail t) {
            return t;
        }
        throw new ApiException(404, "Not available", "This engine's audit trail is not stored in its database.");
    }

    private Response render(ConsoleRequest c) {
        JdbcAuditTrail trail = trail();
        String type = c.query("type");
        if (type != null && !TYPES.contains(type)) {
            throw new ApiException(400, "Bad search", "Unknown record type.");
        }
        Long from = c.query("from") == null ? null : Dates.start(c.query("from"), "from");
        Long to = c.query("to") == null ? null : Dates.end(c.query("to"), "to");
        Long before = c.request().longQuery("before");
        c.patient(c.query("patient"));
        List<Row> rows = search(trail, type, c.query("principal"), c.query("patient"), c.query("object"), from, to, before, PAGE + 1);

        Html h = new Html().raw("<h1>Audit trail</h1>");
        h.raw("<section><h2>Chain</h2>");
        AuditChainCheck check = console.engine().bean(Beans.AUDIT_CHAIN_CHECK);
        if (check != null) {
            AuditChainCheck.Status st = check.status();
            h.f("<p>Check at start: <span class=\"sev {}\" id=\"chain-status\">{}</span> {}</p>", st.up() ? "up" : "down",
                    st.up() ? "OK" : "BROKEN", st.message());
        }
        String last = lastVerify;
        if (last != null) {
            h.f("<p id=\"verify-result\">Last verification: {}</p>", last);
        }
        String here = c.request().query().isEmpty() ? "" : "?" + queryOf(c);
        h.add(c.button("/console/audit/verify", Principal.ADMIN, "Verify the whole chain now", "back", here));
        h.raw("</section>");

        h.raw("<form class=\"search\" method=\"get\" action=\"/console/audit\"><label>Type<select name=\"type\"><option value=\"\">any</option>");
        for (String t : TYPES) {
            h.f("<option{}>{}</option>", new Html().raw(t.equals(type) ? " selected" : ""), t);
        }
        h.raw("</select></label>");
        input(h, "Principal", "principal", c.query("principal"));
        input(h, "Patient ID", "patient", c.query("patient"));
        input(h, "Object ID", "object", c.query("object"));
        input(h, "From (date)", "from", c.query("from"));
        input(h, "To (date)", "to", c.query("to"));
        h.raw("<button type=\"submit\">Search</button></form>");

        h.raw("<section class=\"scroll\"><table class=\"grid compact\" id=\"audit-rows\"><thead><tr><th class=\"num\">Seq</th><th>Time (UTC)</th><th>Type</th>"
                + "<th>Outcome</th><th>Principal</th><th>Source</th><th>Patient</th><th>Object</th><th>Detail</th></tr></thead><tbody>");
        for (int i = 0; i < Math.min(PAGE, rows.size()); i++) {
            Row r = rows.get(i);
            h.f("<tr><td class=\"num\">{}</td><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td>"
                    + "<td class=\"detail\"><code>{}</code></td></tr>", r.seq(), Html.time(r.at()), r.type(), r.outcome(), r.principal(), r.source(),
                    r.patient(), r.objectType(), r.objectId(), readable(r.detail()));
        }
        if (rows.isEmpty()) {
            h.raw("<tr><td colspan=\"9\" class=\"muted\">No records match.</td></tr>");
        }
        h.raw("</tbody></table>");
        if (rows.size() > PAGE) {
            StringBuilder q = new StringBuilder("/console/audit?");
            for (String k : List.of("type", "principal", "patient", "object", "from", "to")) {
                if (c.query(k) != null) {
                    q.append(k).append('=').append(Html.url(c.query(k))).append('&');
                }
            }
            q.append("before=").append(rows.get(PAGE - 1).seq());
            h.f("<p><a id=\"older\" href=\"{}\">Older records</a></p>", q);
        }
        h.raw("</section>");
        return c.page("Audit", "audit", h);
    }

    private static String queryOf(ConsoleRequest c) {
        StringBuilder q = new StringBuilder();
        c.request().query().forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(Html.url(k)).append('=').append(Html.url(v)));
        return q.toString();
    }

    /** A record's JSON detail as "name: value · name: value" (nested values stay JSON). */
    static String readable(String detail) {
        if (detail == null || detail.isEmpty()) {
            return "";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(detail);
            if (!n.isObject()) {
                return detail;
            }
            StringBuilder b = new StringBuilder();
            n.fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : " · ").append(e.getKey()).append(": ")
                    .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            return b.toString();
        } catch (Exception e) {
            return detail;
        }
    }

    static void input(Html h, String label, String name, String value) {
        h.f("<label>{}<input name=\"{}\" value=\"{}\"></label>", label, name, value);
    }

    static List<Row> search(JdbcAuditTrail trail, String type, String principal, String patient, String object, Long from, Long to,
            Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, at, type, outcome, principal, source, patient_key, object_type, object_id, "
                + "detail FROM audit_events WHERE 1=1");
        List<Object> args = new ArrayList<>();
        cond(sql, args, " AND type=?", type);
        cond(sql, args, " AND principal=?", principal);
        cond(sql, args, " AND patient_key=?", patient);
        cond(sql, args, " AND object_id=?", object);
        cond(sql, args, " AND at>=?", from);
        cond(sql, args, " AND at<?", to);
        cond(sql, args, " AND seq<?", beforeSeq);
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        return trail.db().read(conn -> Tx.query(conn, sql.toString(), rs -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)),
                args.toArray()));
    }

    private static void cond(StringBuilder sql, List<Object> args, String clause, Object v) {
        if (v != null) {
            sql.append(clause);
            args.add(v);
        }
    }

    private Response verify(ConsoleRequest c) throws Exception {
        JdbcAuditTrail trail = trail();
        AuditCheckpointer cp = console.engine().bean(Beans.AUDIT_CHECKPOINTER);
        long t0 = System.nanoTime();
        AuditVerifier.Result r = new AuditVerifier(trail).verify(cp == null ? List.of() : cp.files());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String who = c.principal().name();
        lastVerify = r.summary() + " (" + Html.time(System.currentTimeMillis()) + ", by " + who + ", " + ms + " ms)";
        c.operatorAction("audit-trail", "chain", "verify", r.ok(), AuditEvents.fields("records", r.records(), "badSeq", r.badSeq()));
        c.flash(r.ok() ? "Audit chain verified: " + r.summary() : "Audit chain verification FAILED: " + r.problem());
        String back = c.form("back");
        return c.redirect(back != null && back.startsWith("?") ? LoginPages.next("/console/audit" + back) : "/console/audit");
    }
}
