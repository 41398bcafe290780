package org.radbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.radbridge.engine.EngineContext;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;

/**
 * The active alerts before the alert engine is wired in: every /health check that is not UP (CRITICAL), and the
 * security alerts of the audit trail in the last hour (WARNING; at most the newest {@value #MAX_SECURITY}).
 */
final class CurrentAlerts implements ActiveAlerts {

    static final int MAX_SECURITY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineContext ctx;

    CurrentAlerts(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        Map<String, Object> health = ctx.health().healthReport();
        if (health.get("checks") instanceof Map<?, ?> checks) {
            checks.forEach((name, v) -> {
                if (v instanceof Map<?, ?> c && !"UP".equals(c.get("status"))) {
                    out.add(new Alert("CRITICAL", "health", String.valueOf(name), String.valueOf(c.get("detail")), 0));
                }
            });
        }
        if (ctx.audit() instanceof JdbcAuditTrail jat) {
            List<JdbcAuditTrail.Stored> recent = jat.list(System.currentTimeMillis() - 3_600_000L, AuditEvent.SECURITY_ALERT, null, null, 1000);
            for (int i = recent.size() - 1; i >= 0 && out.size() < MAX_SECURITY + 20; i--) {
                JdbcAuditTrail.Stored s = recent.get(i);
                String kind = "security";
                String reason = "";
                try {
                    JsonNode d = JSON.readTree(s.event().detail() == null ? "{}" : s.event().detail());
                    kind = d.path("alert").asText(kind);
                    reason = d.path("reason").asText("");
                } catch (Exception e) {
                    // the detail is ours and JSON; if not, the kind stays generic
                }
                out.add(new Alert("WARNING", kind, source(s.event().source()), reason, s.at()));
                if (out.stream().filter(a -> "WARNING".equals(a.severity())).count() >= MAX_SECURITY) {
                    break;
                }
            }
        }
        return out;
    }

    /** The audit record's source without the leading "/" of a socket address ("/127.0.0.1:5813" is "127.0.0.1:5813"). */
    static String source(String s) {
        return s == null ? "" : s.startsWith("/") ? s.substring(1) : s;
    }
}
