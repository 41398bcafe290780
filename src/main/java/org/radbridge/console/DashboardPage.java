package org.radbridge.console;

import java.util.List;
import java.util.Map;
import org.radbridge.engine.http.Response;
import org.radbridge.outbox.Outbox;

/**
 * The dashboard, /console/ (issue 12): per flow and destination the messages of the last hour (received, processed,
 * failed, with a small inline SVG chart in five-minute bars), outbox depth and oldest age, dead letters, paused
 * destinations, HL7 peers (last message, messages in the hour) and MLLP connections, MWL queries by calling AE, the
 * health checks and the active alerts. No patient data, so views are not audited; the figures part re-fetches itself
 * every 15 s (console.js, data-refresh).
 */
final class DashboardPage {

    private final Console console;

    private DashboardPage(Console console) {
        this.console = console;
    }

    static void register(Console console) {
        DashboardPage p = new DashboardPage(console);
        console.statusPage("/console/", null, p::render);
    }

    private Response render(ConsoleRequest c) {
        DashboardData d = DashboardData.get(console.engine());
        List<ActiveAlerts.Alert> alerts = console.alerts().active();
        long now = System.currentTimeMillis();
        long paused = d.outbox.values().stream().filter(Outbox.Stats::paused).count();
        long depth = d.outbox.values().stream().mapToLong(Outbox.Stats::depth).sum();
        long dead = d.outbox.values().stream().mapToLong(Outbox.Stats::dead).sum();
        long oldest = d.outbox.values().stream().mapToLong(Outbox.Stats::oldestCreatedAt).filter(t -> t > 0).min().orElse(0);

        Html h = new Html().raw("<h1>Dashboard</h1><div data-refresh=\"15\" id=\"dashboard\">");
        h.f("<p class=\"refreshed\">Last hour to {} · refreshes every 15 s</p>", Html.time(d.at));
        h.raw("<div class=\"cards\">");
        card(h, "received", d.all.total(), "received (1 h)", null);
        card(h, "failed", d.all.failed(), "rejected or failed (1 h)", d.all.failed() > 0 ? "bad" : null);
        card(h, "depth", depth, "outbox entries waiting", null);
        h.f("<div class=\"card\" id=\"card-oldest\"><div class=\"n\">{}</div><div class=\"l\">oldest waiting entry</div></div>",
                oldest == 0 ? "–" : age(d.at - oldest));
        card(h, "dead", dead, "dead letters", dead > 0 ? "bad" : null);
        card(h, "paused", paused, "paused destinations", paused > 0 ? "warn" : null);
        boolean critical = alerts.stream().anyMatch(a -> "critical".equals(severityClass(a.severity())));
        card(h, "alerts", alerts.size(), "active alerts", alerts.isEmpty() ? null : critical ? "bad" : "warn");
        h.raw("</div>");

        h.raw("<section><h2>Active alerts");
        if (c.may(org.radbridge.engine.http.Principal.PHI_READ)) {
            h.raw(" <a class=\"more\" id=\"all-alerts\" href=\"/console/alerts\">details and rules</a>");
        }
        h.raw("</h2>");
        if (alerts.isEmpty()) {
            h.raw("<p class=\"ok\" id=\"no-alerts\">No active alerts.</p>");
        } else {
            h.raw("<table class=\"grid\" id=\"alerts\"><thead><tr><th>Severity</th><th>Rule</th><th>Subject</th><th>Detail</th><th>Since</th>"
                    + "</tr></thead><tbody>");
            for (ActiveAlerts.Alert a : alerts) {
                h.f("<tr class=\"alert\" data-rule=\"{}\" data-subject=\"{}\"><td><span class=\"sev {}\">{}</span></td><td class=\"t\">{}</td>"
                        + "<td>{}</td><td>{}</td><td class=\"t\">{}</td></tr>", a.rule(), a.subject(), severityClass(a.severity()),
                        Console.lower(a.severity()), a.rule(), subject(a.subject(), d), a.detail(),
                        a.since() == 0 ? "" : Html.time(a.since()) + " (" + age(now - a.since()) + " ago)");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        h.raw("<section><h2>Messages in the last hour</h2>").add(Charts.bars(d.all, 900, 90, "all-chart"))
                .raw("<p class=\"legend\"><span><i class=\"ok\"></i>processed</span><span><i class=\"bad\"></i>rejected / failed</span>"
                        + "<span><i class=\"rcv\"></i>waiting</span></p></section>");

        h.raw("<div class=\"cols\">");

        h.raw("<section><h2>Flows</h2>");
        series(h, "flows", "Flow", d.flows, "Received", "Processed");
        h.raw("</section><section><h2>Destinations</h2>");
        series(h, "destination-deliveries", "Destination", d.destinations, "Attempts", "Delivered");
        h.raw("</section></div>");

        h.raw("<section><h2>Outbox</h2><table class=\"grid\" id=\"outbox\"><thead><tr><th>Destination</th><th class=\"num\">Waiting</th>"
                + "<th>Oldest</th><th class=\"num\">Dead letters</th><th>State</th></tr></thead><tbody>");
        for (Outbox.Stats st : d.outbox.values()) {
            h.f("<tr><td><a href=\"/console/outbox?destination={}\">{}</a></td><td class=\"num\">{}</td><td>{}</td><td class=\"num {}\">{}</td>"
                    + "<td><span class=\"sev {}\">{}</span></td></tr>", Html.url(st.destination()), st.destination(), st.depth(),
                    st.oldestCreatedAt() == 0 ? "" : age(d.at - st.oldestCreatedAt()), st.dead() > 0 ? "bad" : "", st.dead(),
                    st.paused() ? "warn" : "up", st.paused() ? "paused" : "active");
        }
        if (d.outbox.isEmpty()) {
            h.raw("<tr><td colspan=\"5\" class=\"muted\">No outbound traffic yet.</td></tr>");
        }
        h.raw("</tbody></table></section><div class=\"cols\">");

        h.raw("<section><h2>HL7 peers</h2><table class=\"grid\" id=\"peers\"><thead><tr><th>Peer</th><th class=\"num\">Messages (1 h)</th>"
                + "<th>Last message</th></tr></thead><tbody>");
        for (DashboardData.Peer p : d.peers) {
            h.f("<tr><td>{}{}</td><td class=\"num\">{}</td><td>{}</td></tr>", p.name(),
                    new Html().raw(p.known() ? "" : " <span class=\"sev warn\">unknown</span>"), p.lastHour(),
                    p.lastAt() == 0 ? "never" : Html.time(p.lastAt()) + " (" + age(d.at - p.lastAt()) + " ago)");
        }
        h.raw("</tbody></table>");
        if (!d.mllpConnections.isEmpty()) {
            h.raw("<p class=\"muted\">Open MLLP connections: ");
            int i = 0;
            for (Map.Entry<String, Double> e : d.mllpConnections.entrySet()) {
                h.f("{}{} {}", i++ == 0 ? "" : ", ", e.getKey(), Math.round(e.getValue()));
            }
            h.raw("</p>");
        }
        h.raw("</section><section><h2>MWL queries (1 h)</h2><table class=\"grid\" id=\"mwl\"><thead><tr><th>Calling AE</th>"
                + "<th class=\"num\">Queries</th><th>Last</th></tr></thead><tbody>");
        for (DashboardData.Mwl m : d.mwl) {
            h.f("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>", m.callingAe(), m.queries(), Html.time(m.lastAt()));
        }
        if (d.mwl.isEmpty()) {
            h.raw("<tr><td colspan=\"3\" class=\"muted\">No worklist queries in the last hour.</td></tr>");
        }
        h.raw("</tbody></table></section></div>");

        h.raw("<section><h2>Health checks</h2><table class=\"grid\" id=\"health\"><tbody>");
        Map<String, Object> health = console.engine().health().healthReport();
        if (health.get("checks") instanceof Map<?, ?> checks) {
            checks.forEach((name, v) -> {
                Map<?, ?> m = (Map<?, ?>) v;
                String st = String.valueOf(m.get("status"));
                h.f("<tr><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td></tr>", name, Console.lower(st), st, m.get("detail"));
            });
        }
        h.raw("</tbody></table></section></div>");
        return c.page("Dashboard", "dashboard", h);
    }

    /** The badge class of a severity: critical red, warning yellow, info blue (alerts.yaml's and the security alerts' names). */
    static String severityClass(String severity) {
        return switch (severity == null ? "" : Console.lower(severity)) {
            case "critical", "error" -> "critical";
            case "warning", "warn" -> "warn";
            case "info" -> "info";
            default -> "";
        };
    }

    /** A destination's name links to its outbox entries; any other subject is shown as it is. */
    private static Object subject(String subject, DashboardData d) {
        if (subject != null && d.outbox.containsKey(subject)) {
            return new Html().f("<a href=\"/console/outbox?destination={}\">{}</a>", Html.url(subject), subject);
        }
        return subject;
    }

    private static void series(Html h, String id, String what, Map<String, DashboardData.Series> map, String total, String ok) {
        h.f("<table class=\"grid\" id=\"{}\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
                + "<th class=\"num\">Failed</th><th>Last hour</th></tr></thead><tbody>", id, what, total, ok);
        for (Map.Entry<String, DashboardData.Series> e : map.entrySet()) {
            DashboardData.Series s = e.getValue();
            h.f("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td><td>{}</td></tr>", e.getKey(),
                    s.total(), s.ok(), s.failed() > 0 ? "bad" : "", s.failed(), Charts.bars(s, 144, 24, null));
        }
        if (map.isEmpty()) {
            h.raw("<tr><td colspan=\"5\" class=\"muted\">Nothing in the last hour.</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    private static void card(Html h, String id, long n, String label, String cls) {
        h.f("<div class=\"card\" id=\"card-{}\"><div class=\"n {}\">{}</div><div class=\"l\">{}</div></div>", id, cls == null ? "" : cls, n, label);
    }

    /** "42 s", "17 min", "3 h 5 min", "2 d 4 h". */
    static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 120) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 120) {
            return m + " min";
        }
        long hours = m / 60;
        if (hours < 48) {
            return hours + " h " + (m % 60) + " min";
        }
        return hours / 24 + " d " + hours % 24 + " h";
    }
}
