package org.radbridge.console;

import java.util.List;
import org.radbridge.api.ApiServer.Response;

/** The dashboard, /console/ (issue 12): the engine's state at a glance, refreshed by the page itself. */
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
        Html h = new Html().raw("<h1>Dashboard</h1><div data-refresh=\"15\">");
        List<ActiveAlerts.Alert> alerts = console.alerts().active();
        h.f("<section><h2>Active alerts ({})</h2>", alerts.size());
        if (alerts.isEmpty()) {
            h.raw("<p class=\"ok\">No active alerts.</p>");
        } else {
            h.raw("<table class=\"grid\"><thead><tr><th>Severity</th><th>Rule</th><th>Subject</th><th>Detail</th><th>Since</th></tr></thead><tbody>");
            for (ActiveAlerts.Alert a : alerts) {
                h.f("<tr><td><span class=\"sev {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        Console.lower(a.severity()), a.severity(), a.rule(), a.subject(), a.detail(), Html.time(a.since()));
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section></div>");
        return c.page("Dashboard", "dashboard", h);
    }
}
