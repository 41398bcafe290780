package org.radbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.alert.ActiveAlert;
import org.radbridge.alert.AlertEngine;
import org.radbridge.alert.AlertModule;
import org.radbridge.alert.AlertRule;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;

/**
 * /console/alerts (role phi-read, like GET /api/alerts; docs/alerts.md): the alert engine's active alerts with what
 * GET /api/alerts gives (rule, kind, severity, subject, detail, since, last notified, notifications), the health
 * checks not UP and recent security alerts the dashboard also counts, and the rules in force (mappings/alerts.yaml).
 * No patient data, so views are not audited; the page re-fetches itself every 15 s like the dashboard.
 */
final class AlertsPage {

    /** Rule keys shown in their own columns, not among the kind's parameters. */
    private static final Set<String> COMMON = Set.of("name", "kind", "severity", "enabled", "repeat-seconds", "notify");

    private final Console console;

    private AlertsPage(Console console) {
        this.console = console;
    }

    static void register(Console console) {
        AlertsPage p = new AlertsPage(console);
        console.statusPage("/console/alerts", Principal.PHI_READ, p::render);
    }

    private Response render(ConsoleRequest c) {
        AlertEngine engine = console.engine().bean(AlertModule.ENGINE);
        long now = System.currentTimeMillis();
        Html h = new Html().raw("<h1>Alerts</h1><div data-refresh=\"15\" id=\"alerts-page\">");
        h.f("<p class=\"refreshed\">As of {} · refreshes every 15 s</p>", Html.time(now));
        h.raw("<section><h2>Active alerts (mappings/alerts.yaml)</h2>");
        if (engine == null) {
            h.raw("<p class=\"muted\" id=\"alerts-off\">The alert engine is off (radbridge.alerts.enabled=false).</p>");
        } else if (engine.active().isEmpty()) {
            h.raw("<p class=\"ok\" id=\"no-rule-alerts\">No active alerts.</p>");
        } else {
            h.raw("<table class=\"grid\" id=\"rule-alerts\"><thead><tr><th>Severity</th><th>Rule</th><th>Kind</th><th>Subject</th>"
                    + "<th>Detail</th><th>Since</th><th>Last notified</th><th class=\"num\">Notifications</th></tr></thead><tbody>");
            for (ActiveAlert a : engine.active()) {
                AlertRule r = a.rule();
                h.f("<tr class=\"alert\" data-rule=\"{}\" data-subject=\"{}\"><td><span class=\"sev {}\">{}</span></td><td class=\"t\">{}</td>"
                        + "<td class=\"t\">{}</td><td>{}</td><td>{}</td><td class=\"t\">{} ({} ago)</td><td class=\"t\">{}</td>"
                        + "<td class=\"num\">{}</td></tr>", r.name(), a.subject(),
                        DashboardPage.severityClass(r.severity()), r.severity(), r.name(), r.kind(), a.subject(), a.detail(),
                        Html.time(a.since()), DashboardPage.age(now - a.since()), Html.time(a.lastNotified()), a.notifications());
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section><section><h2>Health checks and security alerts</h2>");
        List<ActiveAlerts.Alert> other = new CurrentAlerts(console.engine()).active();
        if (other.isEmpty()) {
            h.raw("<p class=\"ok\" id=\"no-other-alerts\">Every health check is UP; no security alert in the last hour.</p>");
        } else {
            h.raw("<table class=\"grid\" id=\"other-alerts\"><thead><tr><th>Severity</th><th>Source</th><th>Subject</th><th>Detail</th>"
                    + "<th>Since</th></tr></thead><tbody>");
            for (ActiveAlerts.Alert a : other) {
                h.f("<tr><td><span class=\"sev {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        DashboardPage.severityClass(a.severity()), Console.lower(a.severity()), a.rule(), a.subject(), a.detail(),
                        Html.time(a.since()));
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section></div>");
        if (engine != null) {
            h.raw("<section><h2>Rules in force</h2><table class=\"grid\" id=\"rules\"><thead><tr><th>Rule</th><th>Kind</th>"
                    + "<th>Severity</th><th>Repeat</th><th>Notify</th><th>Parameters</th></tr></thead><tbody>");
            for (AlertRule r : engine.rules()) {
                h.f("<tr><td>{}</td><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>", r.name(),
                        r.kind(), DashboardPage.severityClass(r.severity()), r.severity(), DashboardPage.age(r.repeatMillis()),
                        r.notifiers().isEmpty() ? "–" : String.join(", ", r.notifiers()), params(r.params()));
            }
            if (engine.rules().isEmpty()) {
                h.raw("<tr><td colspan=\"6\" class=\"muted\">No enabled rule.</td></tr>");
            }
            h.raw("</tbody></table><p class=\"muted\">Evaluated every radbridge.alerts.interval-seconds; a site overlay of "
                    + "alerts.yaml replaces the packaged rules (docs/alerts.md).</p></section>");
        }
        return c.page("Alerts", "alerts", h);
    }

    /** The kind's own parameters, e.g. "max-age-minutes 30, min-messages 20". */
    static String params(JsonNode p) {
        StringBuilder b = new StringBuilder();
        if (p != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!COMMON.contains(e.getKey())) {
                    b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            }
        }
        return b.toString();
    }
}
