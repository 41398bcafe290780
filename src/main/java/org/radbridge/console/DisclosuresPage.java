package org.radbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.store.Tx;

/**
 * /console/disclosures?patient=ID (phi-read): the accounting of disclosures of one patient's information, HIPAA
 * 45 CFR 164.528(b)(2): for each disclosure the date, the recipient, a brief description of what was disclosed and
 * the purpose (or its legal basis), over the six years before the request (164.528(a)(1)) or a chosen period;
 * printable HTML, and CSV from /console/disclosures.csv. The data are the audit trail's records: every delivery of
 * an outbox entry that succeeded (TRANSMISSION_OUTCOME SUCCESS: recipient = destination, what = its kind and the
 * journal message it came from) and every de-identified export (DEIDENTIFICATION: the target and the profile's legal
 * basis). The purpose of a destination is radbridge.console.disclosure-purposes (DEST=TEXT;...), else the default.
 * A patient ID without "^ISSUER" matches the ID under every issuer.
 */
final class DisclosuresPage {

    static final int MAX = 5000;
    static final String DEFAULT_PURPOSE = "Treatment / health care operations (45 CFR 164.506(c))";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One disclosure as reported. */
    record Disclosure(long at, String patient, String recipient, String what, String purpose, long auditSeq) {
    }

    private final Console console;
    private final Map<String, String> purposes;

    private DisclosuresPage(Console console) {
        this.console = console;
        this.purposes = purposes(console.engine().settings().get("radbridge.console.disclosure-purposes"));
    }

    static void register(Console console) {
        DisclosuresPage p = new DisclosuresPage(console);
        console.page("/console/disclosures", Principal.PHI_READ, p::html);
        console.page("/console/disclosures.csv", Principal.PHI_READ, p::csv);
    }

    static Map<String, String> purposes(String v) {
        Map<String, String> m = new LinkedHashMap<>();
        if (v != null && !v.isBlank()) {
            for (String kv : v.split(";")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
            }
        }
        return m;
    }

    private long[] period(ConsoleRequest c) {
        long to = c.query("to") == null ? System.currentTimeMillis() + 1 : Dates.end(c.query("to"), "to");
        long from = c.query("from") == null ? ZonedDateTime.now(ZoneOffset.UTC).minusYears(6).toInstant().toEpochMilli()
                : Dates.start(c.query("from"), "from");
        return new long[] {from, to};
    }

    private Response html(ConsoleRequest c) {
        String patient = c.query("patient");
        Html h = new Html().raw("<h1>Accounting of disclosures</h1>");
        h.raw("<form class=\"search\" method=\"get\" action=\"/console/disclosures\">");
        AuditPage.input(h, "Patient ID (ID or ID^ISSUER)", "patient", patient);
        AuditPage.input(h, "From (date)", "from", c.query("from"));
        AuditPage.input(h, "To (date)", "to", c.query("to"));
        h.raw("<button type=\"submit\">Show</button></form>");
        if (patient == null) {
            h.raw("<p class=\"muted\">Enter a patient ID for the accounting of disclosures of 45 CFR 164.528 (default period: the six "
                    + "years before today).</p>");
            return c.page("Disclosures", "disclosures", h);
        }
        c.patient(patient);
        long[] p = period(c);
        List<Disclosure> list = disclosures(patient, p[0], p[1]);
        TreeSet<String> keys = new TreeSet<>();
        list.forEach(d -> keys.add(d.patient()));
        h.f("<section class=\"report\"><h2>Patient {}</h2><p>Period {} to {} (UTC). Prepared {} by {} from the RadBridge audit trail. "
                + "Disclosures: <strong id=\"disclosure-count\">{}</strong>{}.</p>", patient, Html.time(p[0]).substring(0, 10),
                Html.time(Math.min(p[1], System.currentTimeMillis())).substring(0, 10), Html.time(System.currentTimeMillis()),
                c.principal().name(), list.size(), keys.size() > 1 ? " (patient keys " + String.join(", ", keys) + ")" : "");
        h.f("<p class=\"noprint\"><a class=\"button secondary\" id=\"csv\" href=\"/console/disclosures.csv?{}\">Download CSV</a></p>",
                query(c));
        h.raw("<table class=\"grid\" id=\"disclosures\"><thead><tr><th>Date (UTC)</th><th>Recipient</th><th>What was disclosed</th>"
                + "<th>Purpose / legal basis</th><th class=\"num\">Audit record</th></tr></thead><tbody>");
        for (Disclosure d : list) {
            h.f("<tr><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>", Html.time(d.at()), d.recipient(),
                    d.what(), d.purpose(), d.auditSeq());
        }
        if (list.isEmpty()) {
            h.raw("<tr><td colspan=\"5\" class=\"muted\">No disclosures recorded in this period.</td></tr>");
        }
        h.raw("</tbody></table><p class=\"hint\">45 CFR 164.528(b)(2): date, recipient, description and purpose of each disclosure. "
                + "Disclosures for treatment, payment and operations are listed as well, although 164.528(a)(1)(i) exempts them.</p></section>");
        return c.page("Disclosures", "disclosures", h);
    }

    private static String query(ConsoleRequest c) {
        StringBuilder q = new StringBuilder();
        for (String k : List.of("patient", "from", "to")) {
            if (c.query(k) != null) {
                q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(Html.url(c.query(k)));
            }
        }
        return q.toString();
    }

    private Response csv(ConsoleRequest c) {
        String patient = c.query("patient");
        if (patient == null) {
            throw new ApiException(400, "Bad request", "patient is required");
        }
        c.patient(patient);
        long[] p = period(c);
        StringBuilder b = new StringBuilder("date,patient,recipient,description,purpose,audit_seq\r\n");
        for (Disclosure d : disclosures(patient, p[0], p[1])) {
            b.append(Csv.row(java.time.Instant.ofEpochMilli(d.at()).toString(), d.patient(), d.recipient(), d.what(), d.purpose(),
                    String.valueOf(d.auditSeq())));
        }
        return c.download("disclosures-" + patient + ".csv", "text/csv; charset=utf-8", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    List<Disclosure> disclosures(String patient, long from, long to) {
        if (!(console.engine().audit() instanceof JdbcAuditTrail trail)) {
            throw new ApiException(404, "Not available", "This engine's audit trail is not stored in its database.");
        }
        boolean exact = patient.contains("^");
        String like = patient.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "^%";
        String sql = "SELECT seq, at, type, patient_key, source, detail FROM audit_events WHERE "
                + (exact ? "patient_key=?" : "patient_key LIKE ? ESCAPE '\\'")
                + " AND at>=? AND at<? AND ((type=? AND outcome=?) OR type=?) ORDER BY seq LIMIT ?";
        record Raw(long seq, long at, String type, String patient, String source, String detail) {
        }
        List<Raw> raws = trail.db().read(conn -> Tx.query(conn, sql,
                rs -> new Raw(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                exact ? patient : like, from, to, AuditEvent.TRANSMISSION_OUTCOME, AuditEvent.SUCCESS, AuditEvent.DEIDENTIFICATION, MAX));
        List<Disclosure> out = new ArrayList<>();
        Map<Long, String> messages = new LinkedHashMap<>();
        for (Raw r : raws) {
            JsonNode d = parse(r.detail());
            if (AuditEvent.TRANSMISSION_OUTCOME.equals(r.type())) {
                String dest = d.path("destination").asText("");
                String what = d.path("kind").asText("");
                if (d.hasNonNull("messageId")) {
                    long mid = d.path("messageId").asLong();
                    what += " from " + messages.computeIfAbsent(mid, id -> message(trail, id));
                }
                out.add(new Disclosure(r.at(), r.patient(), dest, what, purposes.getOrDefault(dest, DEFAULT_PURPOSE), r.seq()));
            } else {
                String basis = d.path("legalBasis").asText("");
                out.add(new Disclosure(r.at(), r.patient(), r.source() == null ? "" : r.source(), "de-identified copy (profile "
                        + d.path("profile").asText("") + ")", basis.isEmpty() ? "De-identification" : "De-identified: " + basis, r.seq()));
            }
        }
        return out;
    }

    private static String message(JdbcAuditTrail trail, long id) {
        List<String> r = trail.db().read(conn -> Tx.query(conn, "SELECT message_type, control_id, accession FROM messages WHERE id=?",
                rs -> rs.getString(1) + " message " + rs.getString(2) + (rs.getString(3) == null ? "" : ", accession " + rs.getString(3)),
                id));
        return r.isEmpty() ? "message " + id : r.get(0) + " (#" + id + ")";
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s == null ? "{}" : s);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
