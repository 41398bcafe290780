package org.radbridge.console;

import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.store.OrderTimeline;

/**
 * The console's order timeline (issue 12, docs/console.md "Order timeline"): /console/orders (look up an accession)
 * and /console/orders/{accession}: HL7 in (new/change/cancel), the worklist step and its status changes, MPPS, study
 * available, report, each outbound HL7 and FHIR delivery with its attempts, oldest first ({@link OrderTimeline}).
 */
public final class OrderPages {

    private final OrderTimeline timeline = new OrderTimeline();

    private OrderPages() {
    }

    public static void register(Console console) {
        OrderPages p = new OrderPages();
        console.page("/console/orders", Principal.PHI_READ, p::index);
        console.page("/console/orders/{accession}", Principal.PHI_READ, p::order);
    }

    private static Html form(String accession) {
        return new Html().f("<form class=\"search\" method=\"get\" action=\"/console/orders\"><label>Accession number "
                + "<input type=\"search\" id=\"accession\" name=\"accession\" value=\"{}\"></label> <button type=\"submit\">Show "
                + "timeline</button></form>", accession == null ? "" : accession);
    }

    private Response index(ConsoleRequest c) {
        String a = c.query("accession");
        if (a != null && !a.isBlank()) {
            return c.redirect("/console/orders/" + Html.url(a.trim()));
        }
        Html h = new Html().raw("<h1>Orders</h1>").add(form(null));
        h.raw("<p class=\"hint\">One order's way through every system: HL7 in, worklist, MPPS, study available, report and "
                + "each outbound HL7 and FHIR delivery. Accession numbers link here from the message and worklist pages.</p>");
        return c.page("Orders", "orders", h);
    }

    private Response order(ConsoleRequest c) {
        String accession = c.param("accession");
        OrderTimeline.Timeline t = timeline.load(c.engine().db(), accession);
        c.patient(t.patientKey());
        Html h = new Html().f("<h1>Order {}</h1>", accession).add(form(accession));
        if (t.isEmpty()) {
            h.f("<p class=\"hint\" id=\"no-order\">Nothing is known about accession {}.</p>", accession);
            return c.page(404, "Order " + accession, "orders", h);
        }
        if (!t.steps().isEmpty()) {
            h.raw("<section><h2>Worklist steps</h2><table class=\"grid\" id=\"steps\"><thead><tr><th>SPS</th><th>Status</th>"
                    + "<th>Modality</th><th>Station</th><th>Start</th><th>Patient</th><th>Study Instance UID</th></tr></thead><tbody>");
            for (OrderTimeline.Step s : t.steps()) {
                h.f("<tr><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td>"
                        + "<td>{}</td></tr>", s.spsId(), "COMPLETED".equals(s.status()) ? "ok" : "DISCONTINUED".equals(s.status())
                        ? "critical" : "info", s.status(), s.modality(), s.stations(), s.start(), s.patientId(), s.patientName(),
                        s.studyUid());
            }
            h.raw("</tbody></table></section>");
        }
        h.raw("<section><h2>Timeline</h2><table class=\"grid timeline\" id=\"timeline\"><thead><tr><th>At (UTC)</th><th>System</th>"
                + "<th>What</th><th>Detail</th><th>Message</th></tr></thead><tbody>");
        for (OrderTimeline.Event e : t.events()) {
            h.f("<tr class=\"lane-{}\"><td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    lane(e.system()), Html.time(e.at()), severity(e), e.system(), e.what(), e.detail(),
                    e.messageId() == null ? new Html() : new Html().f("<a href=\"/console/messages/{}\">{}</a>", e.messageId(), e.messageId()));
        }
        h.raw("</tbody></table></section>");
        return c.page("Order " + accession, "orders", h);
    }

    private static String lane(String system) {
        return system.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String severity(OrderTimeline.Event e) {
        String w = e.what().toLowerCase(java.util.Locale.ROOT);
        if (w.contains("failed") || w.contains("dead") || w.contains("error") || w.contains("rejected") || w.contains("not linked")
                || e.detail() != null && e.detail().contains("NOT linked")) {
            return "critical";
        }
        if (w.contains("cancel") || w.contains("retry") || w.contains("warning")) {
            return "warn";
        }
        return switch (e.system()) {
            case OrderTimeline.HL7_IN, OrderTimeline.REPORT -> "info";
            case OrderTimeline.OUT_HL7, OrderTimeline.OUT_FHIR, OrderTimeline.OUT_OTHER -> "up";
            default -> "ok";
        };
    }
}
