package org.radbridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.http.Principal;
import org.radbridge.testing.TestEngine;

/**
 * Named API principals (design.md §3, HIPAA 164.312(a)(2)(i)): every endpoint the engine registers is
 * called with no token (401), a wrong token (401), a token lacking the role (403) and a token with the role
 * (neither), and each call leaves an audit record naming the principal — or, for a 401, the absence of
 * one. /health and /metrics stay open. The roles are the ones design.md §3 gives each endpoint.
 */
class ApiAccessTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** design.md §3: endpoint -> role. Endpoints another area registers are checked once they exist. */
    static final Map<String, String> DESIGN = new LinkedHashMap<>();

    static {
        DESIGN.put("GET /api/messages", Principal.PHI_READ);
        DESIGN.put("GET /api/messages/{id}", Principal.PHI_READ);
        DESIGN.put("POST /api/messages/{id}/reprocess", Principal.REPLAY);
        DESIGN.put("GET /api/outbox", Principal.PHI_READ);
        DESIGN.put("POST /api/outbox/{id}/retry", Principal.REPLAY);
        DESIGN.put("POST /api/outbox/{id}/skip", Principal.REPLAY);
        DESIGN.put("POST /api/outbox/{id}/redeliver", Principal.REPLAY);
        DESIGN.put("POST /api/destinations/{name}/pause", Principal.ADMIN);
        DESIGN.put("POST /api/destinations/{name}/resume", Principal.ADMIN);
        DESIGN.put("GET /api/worklist", Principal.PHI_READ);
        DESIGN.put("POST /api/worklist/{studyUid}/{spsId}/status", Principal.ADMIN);
        DESIGN.put("GET /api/audit", Principal.ADMIN);
        DESIGN.put("POST /api/events/study-available", Principal.WEBHOOK);
        DESIGN.put("POST /api/explain", Principal.PHI_READ + "|" + Principal.REPLAY);
        DESIGN.put("GET /api/held", Principal.PHI_READ);
        DESIGN.put("POST /api/held/{id}/release", Principal.REPLAY);
        DESIGN.put("POST /api/held/{id}/discard", Principal.REPLAY);
        DESIGN.put("POST /api/config/reload", Principal.ADMIN);
        DESIGN.put("GET /api/config", Principal.PHI_READ);
    }

    /** One named principal per role, plus its secret. */
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static TestEngine engine;
    static Path tokensFile;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder yaml = new StringBuilder("tokens:\n");
        for (String role : List.of(Principal.PHI_READ, Principal.REPLAY, Principal.WEBHOOK, Principal.ADMIN)) {
            String id = "p-" + role;
            String secret = Principals.newSecret();
            TOKENS.put(role, id + "." + secret);
            yaml.append("  - id: ").append(id).append("\n    hash: sha256:").append(HexFormat.of().formatHex(Principals.sha256(secret)))
                    .append("\n    roles: [").append(role).append("]\n");
        }
        tokensFile = Files.createTempFile("tokens", ".yaml");
        Files.writeString(tokensFile, yaml);
        // every refusal its own record here (this test checks each one's content; aggregation: SecurityAlertsTest)
        engine = TestEngine.start(Map.of("radbridge.api.tokens-file", tokensFile.toString(),
                "radbridge.audit.security-alert-interval-seconds", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        Files.deleteIfExists(tokensFile);
    }

    /** A principal that lacks the role (admin has every role, so never admin). */
    static String lacking(String role) {
        return role.contains(Principal.PHI_READ) ? TOKENS.get(Principal.WEBHOOK) : TOKENS.get(Principal.PHI_READ);
    }

    static String concrete(String path) {
        return path.replace("{name}", "no-such-destination").replaceAll("\\{[^}]+}", "999999");
    }

    JdbcAuditTrail.Stored lastAudit() {
        JdbcAuditTrail t = (JdbcAuditTrail) engine.app().engine().context().audit();
        List<JdbcAuditTrail.Stored> all = t.list(null, null, null, null, 1_000_000);
        // the newest record about an API call (other writers may append in between, e.g. the start record)
        for (int i = all.size() - 1; i >= 0; i--) {
            if ("api".equals(all.get(i).event().objectType())) {
                return all.get(i);
            }
        }
        return null;
    }

    @Test
    void everyEndpointRefusesWithoutTokenWithWrongTokenAndWithoutRoleAndAnswersWithTheRole() throws Exception {
        List<String[]> routes = engine.app().engine().api().routeTable();
        List<String> checked = new ArrayList<>();
        for (String[] r : routes) {
            String method = r[0];
            String key = method + " " + r[1];
            String role = r[2];
            if (role == null) {
                continue;
            }
            if (DESIGN.containsKey(key)) {
                assertEquals(DESIGN.get(key), role, "the role design.md §3 gives " + key);
            }
            String path = concrete(r[1]);
            String body = method.equals("POST") ? "{}" : null;
            String what = method + " " + path;

            HttpResponse<String> none = engine.request(method, path, body, null);
            assertEquals(401, none.statusCode(), what + " without a token");
            assertEquals("unauthorized", JSON.readTree(none.body()).path("error").asText());
            JdbcAuditTrail.Stored a = lastAudit();
            assertEquals(AuditEvent.SECURITY_ALERT, a.event().type(), what);
            assertNull(a.event().principal(), "no principal for a call without a token");
            assertEquals(what, a.event().objectId());
            assertEquals("missing-token", JSON.readTree(a.event().detail()).path("alert").asText());

            // a route open to several roles ("phi-read|replay"): each of them is allowed, a principal with none refused
            String[] alternatives = role.split("\\|");
            String firstToken = TOKENS.get(alternatives[0]);
            String wrong = firstToken.substring(0, firstToken.indexOf('.') + 1) + "0".repeat(48);
            assertEquals(401, engine.request(method, path, body, wrong).statusCode(), what + " with a wrong secret");
            a = lastAudit();
            JsonNode d = JSON.readTree(a.event().detail());
            assertEquals("invalid-token", d.path("alert").asText());
            assertEquals("p-" + alternatives[0], d.path("tokenId").asText(), "the known token id presented is recorded, never the secret");
            assertTrue(!a.event().detail().contains("0".repeat(48)));
            assertEquals(401, engine.request(method, path, body, "garbage").statusCode(), what + " with garbage");
            assertTrue(JSON.readTree(lastAudit().event().detail()).path("tokenId").isMissingNode());

            String lacks = lacking(role);
            HttpResponse<String> forbidden = engine.request(method, path, body, lacks);
            assertEquals(403, forbidden.statusCode(), what + " without role " + role);
            assertEquals("forbidden", JSON.readTree(forbidden.body()).path("error").asText());
            a = lastAudit();
            assertEquals(AuditEvent.SECURITY_ALERT, a.event().type());
            assertEquals(lacks.substring(0, lacks.indexOf('.')), a.event().principal());
            assertEquals("role-refused", JSON.readTree(a.event().detail()).path("alert").asText());

            for (String alternative : alternatives) {
                HttpResponse<String> allowed = engine.request(method, path, body, TOKENS.get(alternative));
                assertTrue(allowed.statusCode() != 401 && allowed.statusCode() != 403, what + " with role " + alternative + ": "
                        + allowed.statusCode());
                a = lastAudit();
                assertEquals(AuditEvent.API_ACCESS, a.event().type(), what);
                assertEquals("p-" + alternative, a.event().principal(), "the principal is in the record");
                assertEquals(allowed.statusCode(), JSON.readTree(a.event().detail()).path("status").asInt());
                assertNotNull(a.event().source(), "the caller's address");
            }

            HttpResponse<String> admin = engine.request(method, path, body, TOKENS.get(Principal.ADMIN));
            assertTrue(admin.statusCode() != 401 && admin.statusCode() != 403, "admin has every role: " + what);
            checked.add(key);
        }
        for (String foundation : List.of("GET /api/messages", "GET /api/messages/{id}", "POST /api/messages/{id}/reprocess",
                "GET /api/outbox", "POST /api/outbox/{id}/retry", "POST /api/outbox/{id}/skip", "POST /api/outbox/{id}/redeliver",
                "POST /api/destinations/{name}/pause", "POST /api/destinations/{name}/resume", "GET /api/audit")) {
            assertTrue(checked.contains(foundation), foundation + " is registered and was checked");
        }
    }

    @Test
    void bootstrapAdminTokenHasEveryRole() throws Exception {
        assertEquals(200, engine.request("GET", "/api/audit?limit=1", null, TestEngine.ADMIN_TOKEN).statusCode());
        assertEquals("admin", lastAudit().event().principal());
    }

    @Test
    void healthAndMetricsStayOpen() throws Exception {
        assertEquals(200, engine.request("GET", "/health", null, null).statusCode());
        engine.request("GET", "/api/audit", null, null);
        HttpResponse<String> m = engine.request("GET", "/metrics", null, null);
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("radbridge_security_alerts_total{alert=\"missing-token\"}"), "alertable in /metrics");
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }
}
