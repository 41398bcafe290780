package org.radbridge.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.radbridge.audit.AuditEvents;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxEntry;

/**
 * The console's outbox page (issue 12, docs/console.md "Outbox"): destinations with depth, dead letters, oldest entry
 * and pause state, entries by destination and state; actions retry / skip / redeliver (role replay) and pause /
 * resume (role admin), the same operations as POST /api/outbox/{id}/... and /api/destinations/{name}/..., each
 * audited as an operator action with the principal.
 */
public final class OutboxPages {

    static final List<String> STATES = List.of(OutboxEntry.PENDING, OutboxEntry.RETRYING, OutboxEntry.IN_FLIGHT,
            OutboxEntry.DEAD, OutboxEntry.DONE, OutboxEntry.SKIPPED);

    private OutboxPages() {
    }

    public static void register(Console console) {
        console.page("/console/outbox", Principal.PHI_READ, OutboxPages::page);
        for (String action : List.of("retry", "skip", "redeliver")) {
            console.action("/console/outbox/{id}/" + action, Principal.REPLAY, c -> entryAction(c, action));
        }
        console.action("/console/destinations/{name}/pause", Principal.ADMIN, c -> pause(c, true));
        console.action("/console/destinations/{name}/resume", Principal.ADMIN, c -> pause(c, false));
    }

    /** The retry / skip / redeliver buttons an entry's state allows (only with the role); back = page to return to. */
    static Html buttons(ConsoleRequest c, OutboxEntry e, String back) {
        Html h = new Html();
        String base = "/console/outbox/" + e.id() + "/";
        if (List.of(OutboxEntry.DEAD, OutboxEntry.RETRYING, OutboxEntry.PENDING).contains(e.state())) {
            h.add(c.button(base + "retry", Principal.REPLAY, "Retry", "back", back));
            h.add(c.button(base + "skip", Principal.REPLAY, "Skip", "back", back));
        }
        if (List.of(OutboxEntry.DONE, OutboxEntry.SKIPPED, OutboxEntry.DEAD).contains(e.state())) {
            h.add(c.button(base + "redeliver", Principal.REPLAY, "Redeliver", "back", back));
        }
        return h;
    }

    private static Response page(ConsoleRequest c) {
        Outbox outbox = c.engine().outbox();
        String destination = c.query("destination");
        String state = c.query("state") == null ? null : c.query("state").toUpperCase(Locale.ROOT);
        if (state != null && !STATES.contains(state)) {
            throw new ApiException(400, "Bad request", "state must be one of " + STATES);
        }
        Map<String, Outbox.Stats> stats = outbox.stats();
        TreeSet<String> names = new TreeSet<>(c.engine().workers().destinations().keySet());
        names.addAll(stats.keySet());
        Html h = new Html().raw("<h1>Outbox</h1><section><h2>Destinations</h2><table class=\"grid\" id=\"destinations\"><thead><tr>"
                + "<th>Destination</th><th>Waiting</th><th>Dead letters</th><th>Oldest waiting since (UTC)</th><th>State</th>"
                + "<th></th></tr></thead><tbody>");
        for (String name : names) {
            Outbox.Stats s = stats.get(name);
            boolean paused = outbox.isPaused(name);
            h.f("<tr id=\"dest-{}\"><td><a href=\"/console/outbox?destination={}\">{}</a></td><td class=\"num\">{}</td>"
                    + "<td class=\"num\">{}</td><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>",
                    name, new Html().raw(Html.esc(Html.url(name))), name, s == null ? 0 : s.depth(), s == null ? 0 : s.dead(),
                    s == null ? "" : Html.time(s.oldestCreatedAt()), paused ? "warn" : "ok", paused ? "paused" : "running");
            String path = "/console/destinations/" + Html.url(name) + "/";
            h.add(paused ? c.button(path + "resume", Principal.ADMIN, "Resume") : c.button(path + "pause", Principal.ADMIN, "Pause"));
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");

        h.raw("<section><h2>Entries</h2><form class=\"search\" method=\"get\" action=\"/console/outbox\"><label>Destination "
                + "<select name=\"destination\"><option value=\"\">all</option>");
        for (String name : names) {
            h.f("<option{}>{}</option>", new Html().raw(name.equals(destination) ? " selected" : ""), name);
        }
        h.raw("</select></label> <label>State <select name=\"state\"><option value=\"\">all</option>");
        for (String s : STATES) {
            h.f("<option{}>{}</option>", new Html().raw(s.equals(state) ? " selected" : ""), s);
        }
        h.raw("</select></label> <button type=\"submit\">Show</button></form>");
        String back = "/console/outbox" + (destination == null && state == null ? "" : "?destination=" + Html.url(nz(destination))
                + "&state=" + Html.url(nz(state)));
        h.raw("<table class=\"grid\" id=\"entries\"><thead><tr><th>#</th><th>Created (UTC)</th><th>Destination</th><th>Kind</th>"
                + "<th>Message</th><th>State</th><th>Attempts</th><th>Next attempt</th><th>Last outcome</th><th></th></tr></thead><tbody>");
        for (OutboxEntry e : outbox.list(destination, state, null, 200)) {
            h.f("<tr id=\"entry-{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"sev {}\">{}"
                    + "</span></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>", e.id(), e.id(), Html.time(e.createdAt()),
                    e.destination(), e.kind(), e.messageId() == null ? new Html() : new Html().f("<a href=\"/console/messages/{}\">{}</a>",
                            e.messageId(), e.messageId()), MessagePages.stateClass(e.state()), e.state(), e.attempts(),
                    List.of(OutboxEntry.DONE, OutboxEntry.SKIPPED).contains(e.state()) ? "" : Html.time(e.nextAttemptAt()),
                    nz(e.lastOutcome()) + (e.lastError() == null ? "" : ": " + e.lastError()));
            h.add(buttons(c, e, back)).raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        return c.page("Outbox", "outbox", h);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String back(ConsoleRequest c, String dflt) {
        String b = c.form("back");
        return b != null && b.startsWith("/console/") && !b.startsWith("//") ? b : dflt;
    }

    private static Response entryAction(ConsoleRequest c, String action) {
        long id;
        try {
            id = Long.parseLong(c.param("id"));
        } catch (NumberFormatException e) {
            throw new ApiException(404, "Not found", "no outbox entry " + c.param("id"));
        }
        Outbox outbox = c.engine().outbox();
        boolean newControlId = "true".equals(c.form("newControlId"));
        Object result = c.engine().db().<Object>writeAndWait(tx -> {
            if (action.equals("retry")) {
                return outbox.retry(tx, id);
            }
            if (action.equals("skip")) {
                return outbox.skip(tx, id);
            }
            return outbox.redeliver(tx, id, newControlId ? "R" + id + "-" + System.currentTimeMillis() : null);
        });
        boolean ok = !(Boolean.FALSE.equals(result) || Long.valueOf(-1).equals(result));
        c.operatorAction("outbox-entry", String.valueOf(id), action, ok, AuditEvents.fields("result", String.valueOf(result)));
        OutboxEntry e = outbox.get(id);
        if (e != null) {
            c.engine().workers().wake(e.destination());
        }
        if (!ok) {
            c.flash("Entry " + id + ": " + action + " is not possible in its state");
        } else if (result instanceof Long newId) {
            c.flash("Entry " + id + " queued again as entry " + newId);
        } else {
            c.flash("Entry " + id + ": " + action + " done");
        }
        return c.redirect(back(c, "/console/outbox"));
    }

    private static Response pause(ConsoleRequest c, boolean paused) {
        String name = c.param("name");
        if (c.engine().workers().destination(name) == null) {
            throw new ApiException(404, "Not found", "no destination " + name);
        }
        String who = c.principal().name();
        c.engine().db().writeAndWait(tx -> {
            c.engine().outbox().pause(tx, name, paused, paused ? "paused by " + who : null, who);
            return null;
        });
        c.operatorAction("destination", name, paused ? "pause" : "resume", true, null);
        c.engine().workers().wake(name);
        c.flash((paused ? "Paused " : "Resumed ") + name);
        return c.redirect(back(c, "/console/outbox"));
    }
}
