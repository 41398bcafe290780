package org.radbridge.console;

import java.util.List;
import org.radbridge.engine.http.Principal;

/**
 * The console's page shell: header with the signed-in principal and sign-out, the navigation (only the pages the
 * principal's roles allow), a one-shot notice, and the page body in {@code <main>}. Styles and the small script come
 * from /console/assets/ in the jar (no CDN; the Content-Security-Policy allows nothing else).
 */
public final class Layout {

    /** A navigation entry: key (the page's nav name), label, path, role needed (null = any signed-in principal). */
    public record Nav(String key, String label, String path, String role) {
    }

    /** Every console page, in the order of the navigation (the paths are the contract of issue 12). */
    public static final List<Nav> NAV = List.of(
            new Nav("dashboard", "Dashboard", "/console/", null),
            new Nav("alerts", "Alerts", "/console/alerts", Principal.PHI_READ),
            new Nav("messages", "Messages", "/console/messages", Principal.PHI_READ),
            new Nav("orders", "Orders", "/console/orders", Principal.PHI_READ),
            new Nav("outbox", "Outbox", "/console/outbox", Principal.PHI_READ),
            new Nav("worklist", "Worklist", "/console/worklist", Principal.PHI_READ),
            new Nav("reconciliation", "Reconciliation", "/console/reconciliation", Principal.PHI_READ),
            new Nav("audit", "Audit", "/console/audit", Principal.ADMIN),
            new Nav("disclosures", "Disclosures", "/console/disclosures", Principal.PHI_READ),
            new Nav("config", "Configuration", "/console/config", Principal.ADMIN));

    private Layout() {
    }

    static String render(ConsoleRequest c, String title, String active, Html body) {
        Html h = head(title);
        Session s = c.session();
        h.raw("<header class=\"top\"><a class=\"brand\" href=\"/console/\">RadBridge</a><nav>");
        for (Nav n : NAV) {
            if (c.may(n.role())) {
                h.f("<a href=\"{}\"{}>{}</a>", n.path(), new Html().raw(n.key().equals(active) ? " class=\"active\"" : ""), n.label());
            }
        }
        h.raw("</nav>");
        if (s != null && s.signedIn()) {
            h.f("<div class=\"who\"><span title=\"{}\">{}</span>", String.join(", ", new java.util.TreeSet<>(s.principal().roles())),
                    s.principal().name());
            h.raw("<form class=\"inline\" method=\"post\" action=\"/console/logout\">").add(c.csrfField())
                    .raw("<button type=\"submit\" id=\"sign-out\">Sign out</button></form></div>");
        }
        h.raw("</header>");
        String flash = s == null ? null : s.takeFlash();
        if (flash != null) {
            h.f("<div class=\"flash\" role=\"status\">{}</div>", flash);
        }
        h.raw("<main>").add(body).raw("</main></body></html>");
        return h.toString();
    }

    /** A page without navigation (sign-in, errors before sign-in). */
    static String bare(String title, Html body) {
        return head(title).raw("<main class=\"bare\">").add(body).raw("</main></body></html>").toString();
    }

    private static Html head(String title) {
        return new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .f("<title>{} · RadBridge</title>", title)
                .raw("<link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
                        + "<script src=\"/console/assets/console.js\" defer></script></head><body>");
    }
}
