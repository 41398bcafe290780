package org.radbridge.console;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.radbridge.audit.AuditEvents;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.MessageQuery;
import org.radbridge.store.MessageSearch;

/**
 * The console's message pages (issue 12, docs/console.md "Messages"): /console/messages?q= (search with keyset
 * pagination, {@link MessageSearch}) and /console/messages/{id} (the raw HL7 with segment and field names on hover,
 * the ACK, state history and effects, the deliveries it caused with every attempt and the receiver's answer), with
 * the actions reprocess (role replay) and download raw (role phi-read); both audited.
 */
public final class MessagePages {

    private final MessageSearch search = new MessageSearch();

    private MessagePages() {
    }

    public static void register(Console console) {
        MessagePages p = new MessagePages();
        console.page("/console/messages", Principal.PHI_READ, p::search);
        console.page("/console/messages/{id}", Principal.PHI_READ, p::message);
        console.page("/console/messages/{id}/raw", Principal.PHI_READ, p::raw);
        console.action("/console/messages/{id}/reprocess", Principal.REPLAY, p::reprocess);
    }

    private Response search(ConsoleRequest c) {
        String line = c.query("q");
        Html h = new Html().raw("<h1>Messages</h1>");
        h.f("<form class=\"search\" method=\"get\" action=\"/console/messages\"><label>Search <input type=\"search\" "
                + "id=\"q\" name=\"q\" size=\"60\" value=\"{}\" placeholder=\"accession:A123 type:ORU^R01 state:FAILED from:24h\">"
                + "</label> <button type=\"submit\">Search</button></form>", line == null ? "" : line);
        h.f("<p class=\"hint\">A word alone is looked up as control id (MSH-10), accession or patient id. Keys: {}</p>",
                MessageQuery.SYNTAX);
        h.raw("<p class=\"hint\">Quick: <a href=\"/console/messages?q=state:FAILED\">failed</a> · "
                + "<a href=\"/console/messages?q=state:REJECTED\">rejected</a> · <a href=\"/console/messages?q=ack:AE\">ACK AE</a>"
                + " · <a href=\"/console/messages?q=from:1h\">last hour</a></p>");
        MessageQuery q;
        MessageQuery.Cursor after;
        try {
            q = MessageQuery.parse(line, ZoneOffset.UTC, System.currentTimeMillis());
            after = c.query("after") == null ? null : MessageQuery.Cursor.parse(c.query("after"));
        } catch (IllegalArgumentException e) {
            h.f("<p class=\"error\" id=\"search-error\">{}</p>", e.getMessage());
            return c.page(400, "Messages", "messages", h);
        }
        long t0 = System.nanoTime();
        MessageSearch.Page page = search.search(c.engine().db(), q, after, MessageSearch.DEFAULT_LIMIT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        h.f("<p class=\"hint\" id=\"result-count\">{} message(s){} in {} ms, newest first.</p>", page.rows().size(),
                page.next() == null ? "" : " on this page", ms);
        h.raw("<table class=\"grid\" id=\"results\"><thead><tr><th>#</th><th>Received (UTC)</th><th>Type</th><th>Sender</th>"
                + "<th>Control id</th><th>Patient</th><th>Accession</th><th>State</th><th>ACK</th></tr></thead><tbody>");
        for (JournalRow j : page.rows()) {
            h.f("<tr><td class=\"num\"><a href=\"/console/messages/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                    + "<td>{} <span class=\"hint\">{}</span></td><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td></tr>",
                    j.id(), j.id(), Html.time(j.receivedAt()), j.messageType(), j.sender(), j.controlId(), j.patientName(),
                    j.patientKey(), accessionLink(j.accession()), stateClass(j.state()), j.state(), j.ackCode());
        }
        h.raw("</tbody></table>");
        if (page.next() != null) {
            h.f("<p><a id=\"next\" href=\"/console/messages?q={}&amp;after={}\">Next page →</a></p>",
                    new Html().raw(Html.url(line == null ? "" : line)), new Html().raw(Html.url(page.next().token())));
        }
        return c.page("Messages", "messages", h);
    }

    static Html accessionLink(String accession) {
        if (accession == null || accession.isEmpty()) {
            return new Html();
        }
        return new Html().f("<a href=\"/console/orders/{}\">{}</a>", new Html().raw(Html.esc(Html.url(accession))), accession);
    }

    static String stateClass(String state) {
        return switch (state == null ? "" : state) {
            case Journal.PROCESSED, OutboxEntry.DONE -> "ok";
            case Journal.FAILED, Journal.REJECTED, OutboxEntry.DEAD -> "critical";
            case Journal.DUPLICATE, OutboxEntry.SKIPPED -> "info";
            default -> "warn";
        };
    }

    private static JournalRow load(ConsoleRequest c) {
        long id;
        try {
            id = Long.parseLong(c.param("id"));
        } catch (NumberFormatException e) {
            throw new ApiException(404, "Not found", "no message " + c.param("id"));
        }
        JournalRow j = c.engine().journal().get(c.engine().db(), id);
        if (j == null) {
            throw new ApiException(404, "Not found", "no message " + id);
        }
        c.patient(j.patientKey());
        return j;
    }

    static String text(JournalRow j) {
        if (j.raw() == null) {
            return null;
        }
        Charset cs = StandardCharsets.UTF_8;
        try {
            if (j.charset() != null) {
                cs = Charset.forName(j.charset());
            }
        } catch (RuntimeException e) {
            // unknown name: UTF-8
        }
        return new String(j.raw(), cs);
    }

    private Response message(ConsoleRequest c) {
        JournalRow j = load(c);
        Html h = new Html().f("<h1>Message {} <small>{}</small></h1>", j.id(), j.messageType());
        h.raw("<div class=\"actions\">");
        h.add(c.button("/console/messages/" + j.id() + "/reprocess", Principal.REPLAY, "Reprocess"));
        h.add(c.button("/console/messages/" + j.id() + "/reprocess", Principal.REPLAY, "Reprocess (force)", "force", "true"));
        if (j.raw() != null) {
            h.f("<a class=\"button\" id=\"download\" href=\"/console/messages/{}/raw\">Download raw</a>", j.id());
        }
        h.raw("</div>");
        h.raw("<section><h2>Entry</h2><table class=\"grid kv\"><tbody>");
        kv(h, "Received (UTC)", Html.time(j.receivedAt()));
        kv(h, "Channel / sender", j.channel() + " / " + j.sender() + (j.remoteAddress() == null ? "" : " (" + j.remoteAddress() + ")"));
        kv(h, "Control id (MSH-10)", j.controlId());
        kv(h, "Version / charset", nz(j.version()) + " / " + nz(j.charset()));
        h.f("<tr><th>State</th><td><span class=\"sev {}\" id=\"state\">{}</span>{}</td></tr>", stateClass(j.state()), j.state(),
                j.errorText() == null ? "" : " " + j.errorCode() + ": " + j.errorText());
        kv(h, "Flows", j.flows());
        kv(h, "Patient", nz(j.patientKey()) + (j.patientName() == null ? "" : " " + j.patientName()));
        h.f("<tr><th>Accession / order</th><td>{} {}</td></tr>", accessionLink(j.accession()), nz(j.orderKey()));
        if (j.duplicateOf() != null) {
            h.f("<tr><th>Duplicate of</th><td><a href=\"/console/messages/{}\">{}</a></td></tr>", j.duplicateOf(), j.duplicateOf());
        }
        h.raw("</tbody></table></section>");

        h.raw("<section><h2>Message</h2>");
        String raw = text(j);
        if (raw == null) {
            h.raw("<p class=\"hint\">The raw payload was purged (retention); the entry's metadata stays.</p>");
        } else if (j.messageType() != null && (j.messageType().startsWith("MPPS") || j.messageType().startsWith("study-available"))) {
            h.f("<pre id=\"raw\">{}</pre>", raw);
        } else {
            h.raw("<pre class=\"hl7\" id=\"raw\">").add(hl7(raw)).raw("</pre>");
            h.raw("<p class=\"hint\">Hover a field for its name (HL7 v2.5.1).</p>");
        }
        h.raw("</section>");
        h.f("<section><h2>Acknowledgement {}</h2>", nz(j.ackCode()));
        if (j.ackText() != null) {
            h.raw("<pre class=\"hl7\" id=\"ack\">").add(hl7(j.ackText())).raw("</pre>");
        }
        h.raw("</section>");

        List<Journal.Event> events = c.engine().journal().events(c.engine().db(), j.id());
        h.raw("<section><h2>State history and effects</h2><table class=\"grid\" id=\"history\"><thead><tr><th>At (UTC)</th>"
                + "<th>Kind</th><th>Detail</th></tr></thead><tbody>");
        for (Journal.Event e : events) {
            h.f("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", Html.time(e.at()), e.kind(), e.detail());
        }
        h.raw("</tbody></table></section>");

        Outbox outbox = c.engine().outbox();
        List<OutboxEntry> caused = outbox.list(null, null, j.id(), 1000);
        h.f("<section><h2>Deliveries ({})</h2>", caused.size());
        for (OutboxEntry e : caused) {
            h.f("<h3 id=\"delivery-{}\">#{} to {} <small>{}</small> <span class=\"sev {}\">{}</span></h3>", e.id(), e.id(),
                    e.destination(), e.kind(), stateClass(e.state()), e.state());
            h.raw("<div class=\"actions\">").add(OutboxPages.buttons(c, e, "/console/messages/" + j.id())).raw("</div>");
            h.raw("<table class=\"grid\"><thead><tr><th>Attempt at (UTC)</th><th>Outcome</th><th>Receiver's answer / error</th>"
                    + "<th>ms</th></tr></thead><tbody>");
            for (Outbox.Attempt a : outbox.attempts(e.id())) {
                h.f("<tr><td>{}</td><td>{}</td><td><pre class=\"inline\">{}</pre></td><td class=\"num\">{}</td></tr>",
                        Html.time(a.at()), a.outcome(), a.detail(), a.durationMillis());
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        return c.page("Message " + j.id(), "messages", h);
    }

    private static void kv(Html h, String k, Object v) {
        h.f("<tr><th>{}</th><td>{}</td></tr>", k, v);
    }

    private static String nz(Object s) {
        return s == null ? "" : s.toString();
    }

    /** The HL7 text with a title on every segment id and non-empty field: "PID-5 Patient Name". */
    static Html hl7(String text) {
        Html h = new Html();
        for (String seg : text.split("\r\n|\r|\n")) {
            if (seg.isEmpty()) {
                continue;
            }
            String id = seg.length() >= 3 ? seg.substring(0, 3) : seg;
            boolean msh = id.equals("MSH") || id.equals("BHS") || id.equals("FHS");
            char sep = seg.length() > 3 ? seg.charAt(3) : '|';
            h.f("<span class=\"seg\" title=\"{}\">{}</span>", Hl7FieldNames.segment(id), id);
            if (seg.length() <= 3) {
                h.raw("\n");
                continue;
            }
            String[] parts = seg.substring(4).split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
            h.text(String.valueOf(sep));
            for (int i = 0; i < parts.length; i++) {
                int n = msh ? i + 2 : i + 1;
                if (i > 0) {
                    h.text(String.valueOf(sep));
                }
                if (!parts[i].isEmpty()) {
                    h.f("<span title=\"{}\">{}</span>", Hl7FieldNames.field(id, n), parts[i]);
                }
            }
            h.raw("\n");
        }
        return h;
    }

    private Response raw(ConsoleRequest c) {
        JournalRow j = load(c);
        if (j.raw() == null) {
            throw new ApiException(404, "Not found", "the raw payload of message " + j.id() + " was purged");
        }
        c.operatorAction("hl7-message", String.valueOf(j.id()), "download", true, AuditEvents.fields("size", j.raw().length));
        boolean hl7 = j.messageType() == null || !(j.messageType().startsWith("MPPS") || j.messageType().startsWith("study-available"));
        return c.download("message-" + j.id() + (hl7 ? ".hl7" : ".json"), hl7 ? "application/hl7-v2" : "application/json", j.raw());
    }

    private Response reprocess(ConsoleRequest c) {
        long id;
        try {
            id = Long.parseLong(c.param("id"));
        } catch (NumberFormatException e) {
            throw new ApiException(404, "Not found", "no message " + c.param("id"));
        }
        boolean force = "true".equals(c.form("force"));
        String who = c.principal().name();
        try {
            String result = c.engine().reprocessor().reprocess(id, force, who);
            c.operatorAction("hl7-message", String.valueOf(id), "reprocess", true, AuditEvents.fields("force", force));
            c.flash("Reprocessed message " + id + ": " + result);
        } catch (org.radbridge.intake.StoredMessages.Refused e) {
            c.operatorAction("hl7-message", String.valueOf(id), "reprocess", false, AuditEvents.fields("force", force, "refused", true));
            c.flash("Reprocess refused: " + e.getMessage());
        } catch (org.radbridge.hl7.Hl7Error e) {
            c.operatorAction("hl7-message", String.valueOf(id), "reprocess", false, AuditEvents.fields("force", force, "failed", true));
            c.flash("Reprocess failed: " + e.ackCode() + " " + e.code().value + ": " + e.text());
        } catch (Exception e) {
            c.operatorAction("hl7-message", String.valueOf(id), "reprocess", false, AuditEvents.fields("force", force, "error", true));
            throw new ApiException(500, "Reprocess failed", e.getMessage());
        }
        return c.redirect("/console/messages/" + id);
    }
}
