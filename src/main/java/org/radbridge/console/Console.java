package org.radbridge.console;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console's router (docs/console.md): pages and actions under /console/, each with the role it needs,
 * registered on the engine's HTTP server as open routes and guarded here by the console session instead of a bearer
 * token. A visitor who is not signed in is sent to /console/login (303) and sees nothing else; a principal without
 * the role gets 403 (audited as a security alert); every POST must carry the session's CSRF token as {@code _csrf}
 * and, when the browser sends an Origin, come from this host (OWASP CSRF Prevention Cheat Sheet: synchronizer token
 * plus origin check); every audited page view and every action is recorded with the principal like an /api call.
 *
 * <h2>Adding a page</h2>
 * <pre>{@code
 * console.page("/console/things/{id}", Principal.PHI_READ, c -> {
 *     Thing t = load(c.param("id"));                      // 404: throw new ApiException(404, "not found", "...")
 *     c.patient(t.patientKey());                         // the view is audited with this patient
 *     Html h = new Html().f("<h1>Thing {}</h1>", t.name());
 *     h.add(c.button("/console/things/" + t.id() + "/retry", Principal.REPLAY, "Retry"));  // absent without the role
 *     return c.page("Thing " + t.name(), "things", h);
 * });
 * console.action("/console/things/{id}/retry", Principal.REPLAY, c -> {   // CSRF and role already checked
 *     boolean ok = retry(c.param("id"));
 *     c.operatorAction("thing", c.param("id"), "retry", ok, null);  // audited with the principal
 *     c.flash(ok ? "Retried" : "Not possible");
 *     return c.redirect("/console/things/" + c.param("id"));
 * });
 * }</pre>
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    public static final String COOKIE = "rb_console";
    public static final String LOGIN = "/console/login";

    /** A page or action body. */
    @FunctionalInterface
    public interface Handler {
        Response handle(ConsoleRequest c) throws Exception;
    }

    private final HttpRoutes server;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final EngineContext engine;
    private final ConsoleSettings settings;
    private volatile ActiveAlerts alerts = ActiveAlerts.NONE;
    private volatile org.radbridge.engine.http.Authenticator principals;

    public Console(HttpRoutes server, Sessions sessions, AuditTrail audit, EngineContext engine, ConsoleSettings settings) {
        this.server = server;
        this.sessions = sessions;
        this.audit = audit;
        this.engine = engine;
        this.settings = settings;
    }

    /** A GET page needing {@code role} (null: any signed-in principal); every view is audited. */
    public void page(String path, String role, Handler h) {
        server.route("GET", path, null, r -> run(r, role, true, false, h));
    }

    /**
     * A GET page that shows no patient data (the dashboard, which refreshes itself): not audited unless the handler
     * names a patient with {@link ConsoleRequest#patient} or records with {@link ConsoleRequest#viewed}.
     */
    public void statusPage(String path, String role, Handler h) {
        server.route("GET", path, null, r -> run(r, role, false, false, h));
    }

    /** A state-changing POST needing {@code role}: CSRF-checked; the call is audited with its answer. */
    public void action(String path, String role, Handler h) {
        server.route("POST", path, null, r -> run(r, role, true, true, h));
    }

    /** A route open to everyone (sign-in, assets): the handler gets the session, possibly anonymous or null. */
    void open(String method, String path, Handler h) {
        server.route(method, path, null, r -> {
            ConsoleRequest c = new ConsoleRequest(this, r, session(r));
            try {
                return secure(h.handle(c));
            } catch (Throwable t) {
                return secure(error(c, t));
            }
        });
    }

    private Response run(Request r, String role, boolean audited, boolean post, Handler h) {
        Session s = session(r);
        ConsoleRequest c = new ConsoleRequest(this, r, s);
        if (s != null && s.signedIn() && s.token() != null && principals != null
                && principals.authenticate("Bearer " + s.token()) == null) {
            // the token was revoked (radbridge.api.tokens-file changed): the session ends now
            sessions.end(s);
            s = null;
        }
        if (s == null || !s.signedIn()) {
            String next = r.path() + (r.query().isEmpty() ? "" : "?" + rawQuery(r));
            return secure(c.redirect(LOGIN + (post ? "" : "?next=" + Html.url(next))));
        }
        Response resp;
        try {
            if (post) {
                checkPost(c);
            }
            if (!s.may(role)) {
                audit.record(AuditEvents.securityAlert(AuditEvents.ROLE_REFUSED, s.principal().name(), r.remote(), "console",
                        r.method() + " " + r.path(), true, "role " + role + " required", AuditEvents.fields("status", 403, "role", role)));
                throw new ApiException(403, "forbidden", "This page needs the role " + role + ".");
            }
            resp = h.handle(c);
        } catch (Throwable t) {
            resp = error(c, t);
        }
        if (audited || c.patientKey() != null) {
            try {
                audit.record(AuditEvents.apiAccess(s.principal().name(), r.remote(), r.method(), r.path(), resp.status(), c.patientKey()));
            } catch (Throwable e) {
                LOG.error("console {} {}: audit record failed, answering 503 ({}; the audit trail logs the cause)", r.method(), r.path(),
                        org.radbridge.intake.Throwables.brief(e));
                return secure(c.errorPage(503, "Audit trail unavailable", "The page was not shown because its view could not be audited."));
            }
        }
        return secure(resp);
    }

    /** 403 unless the form's _csrf is the session's and the Origin (when sent) is this host. */
    private void checkPost(ConsoleRequest c) {
        if (!sameOrigin(c.request())) {
            throw new ApiException(403, "forbidden", "The request came from another site.");
        }
        if (!Sessions.same(c.form("_csrf"), c.session().csrf())) {
            throw new ApiException(403, "forbidden", "The form has expired or did not come from this console; reload the page and try again.");
        }
    }

    /** False when the browser names another origin than this host (Origin header; absent: true). */
    static boolean sameOrigin(Request r) {
        String origin = r.header("origin");
        String host = r.header("host");
        if (origin == null || host == null) {
            return true;
        }
        return origin.replaceFirst("^[a-zA-Z]+://", "").equalsIgnoreCase(host);
    }

    private Response error(ConsoleRequest c, Throwable t) {
        if (t instanceof ApiException e) {
            return c.errorPage(e.status(), e.getMessage(), e.detail());
        }
        if (t instanceof Error) {
            LOG.error("console {} {} failed", c.request().method(), c.request().path(), t);
        } else {
            LOG.warn("console {} {} failed", c.request().method(), c.request().path(), t);
        }
        return c.errorPage(500, "Internal error", t.getClass().getSimpleName());
    }

    /** 303 See Other to {@code location}, outside any session (e.g. {@code /} to /console/). */
    public static Response seeOther(String location) {
        return new Response(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", List.of(location)));
    }

    /** The session of the request's cookie, or null. */
    Session session(Request r) {
        return sessions.get(cookie(r.header("cookie"), COOKIE));
    }

    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** The Set-Cookie value for a session (or to clear it: null). */
    String sessionCookie(Session s, Request r) {
        boolean secure = settings.secureCookie(r.secure());
        return COOKIE + "=" + (s == null ? "" : s.id()) + "; Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (s == null ? "; Max-Age=0" : "");
    }

    private static String rawQuery(Request r) {
        StringBuilder b = new StringBuilder();
        r.query().forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(Html.url(k)).append('=').append(Html.url(v)));
        return b.toString();
    }

    /** Browser hardening headers on every console answer (no framing, no sniffing, scripts and styles from here only). */
    static Response secure(Response r) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>(r.headers() == null ? Map.of() : r.headers());
        h.putIfAbsent("Content-Security-Policy", List.of("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"));
        h.putIfAbsent("X-Content-Type-Options", List.of("nosniff"));
        h.putIfAbsent("X-Frame-Options", List.of("DENY"));
        h.putIfAbsent("Referrer-Policy", List.of("same-origin"));
        return new Response(r.status(), r.contentType(), r.body(), h);
    }

    public Sessions sessions() {
        return sessions;
    }

    public AuditTrail audit() {
        return audit;
    }

    public EngineContext engine() {
        return engine;
    }

    public ConsoleSettings settings() {
        return settings;
    }

    /** What the dashboard lists as active alerts (the alert engine replaces the default). */
    public ActiveAlerts alerts() {
        return alerts;
    }

    /** The API principals: a session signed in with a token ends when the token is no longer valid. */
    void principals(org.radbridge.engine.http.Authenticator p) {
        this.principals = p;
    }

    public void alerts(ActiveAlerts a) {
        this.alerts = a == null ? ActiveAlerts.NONE : a;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
