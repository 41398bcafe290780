package org.radbridge.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/**
 * GET /api/alerts (phi-read; admin has every role): {@code {"alerts": [{rule, kind, severity, subject, since,
 * detail, lastNotified, notifications}], "rules": N}}, the active alerts oldest first (docs/alerts.md).
 */
public final class AlertApi {

    private final AlertEngine engine;

    public AlertApi(AlertEngine engine) {
        this.engine = engine;
    }

    public void register(HttpRoutes api) {
        api.route("GET", "/api/alerts", Principal.PHI_READ, this::list);
    }

    private Response list(Request r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ActiveAlert a : engine.active()) {
            out.add(json(a));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alerts", out);
        body.put("rules", engine.rules().size());
        return Response.json(200, body);
    }

    /** One active alert as JSON (also for the console). */
    public static Map<String, Object> json(ActiveAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", a.rule().name());
        m.put("kind", a.rule().kind());
        m.put("severity", a.rule().severity());
        m.put("subject", a.subject());
        m.put("since", Instant.ofEpochMilli(a.since()).toString());
        m.put("detail", a.detail());
        m.put("lastNotified", Instant.ofEpochMilli(a.lastNotified()).toString());
        m.put("notifications", a.notifications());
        return m;
    }
}
