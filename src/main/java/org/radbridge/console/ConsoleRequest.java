package org.radbridge.console;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.radbridge.audit.AuditEvents;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/** One console request as pages and actions see it: the HTTP request, the session, the form, and answers. */
public final class ConsoleRequest {

    private final Console console;
    private final Request request;
    private Session session;
    private Map<String, String> form;
    private String patientKey;

    ConsoleRequest(Console console, Request request, Session session) {
        this.console = console;
        this.request = request;
        this.session = session;
    }

    public Request request() {
        return request;
    }

    /** The session (signed in for pages and actions; may be null or anonymous on open routes). */
    public Session session() {
        return session;
    }

    void session(Session s) {
        this.session = s;
    }

    public Principal principal() {
        return session == null ? null : session.principal();
    }

    /** True when the signed-in principal has the role (null = signed in). */
    public boolean may(String role) {
        return session != null && session.may(role);
    }

    public EngineContext engine() {
        return console.engine();
    }

    public Console console() {
        return console;
    }

    /** A path parameter ({@code {id}} in the route). */
    public String param(String name) {
        return request.param(name);
    }

    /** A query parameter, null when absent or empty. */
    public String query(String name) {
        return request.query(name);
    }

    /** A field of the POSTed form (application/x-www-form-urlencoded), null when absent or empty. */
    public String form(String name) {
        if (form == null) {
            byte[] b = request.body();
            form = b == null || b.length == 0 ? Map.of() : Request.parseQuery(new String(b, StandardCharsets.ISO_8859_1));
        }
        String v = form.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Names the patient whose data this page shows: its view is audited with the patient (HIPAA 164.312(b)). */
    public void patient(String patientKey) {
        if (patientKey != null && !patientKey.isEmpty()) {
            this.patientKey = patientKey;
        }
    }

    String patientKey() {
        return patientKey;
    }

    /** Records an operator action now (who, from where, on what, with what outcome); fail closed: throws when the trail fails. */
    public void operatorAction(String objectType, String objectId, String action, boolean success, Map<String, ?> detail) {
        console.audit().record(AuditEvents.operatorAction(principal() == null ? null : principal().name(), request.remote(),
                objectType, objectId, action, success, detail));
    }

    /** A notice for the next page after a redirect. */
    public void flash(String message) {
        if (session != null) {
            session.flash(message);
        }
    }

    /** The hidden CSRF field every state-changing form must contain. */
    public Html csrfField() {
        return new Html().f("<input type=\"hidden\" name=\"_csrf\" value=\"{}\">", session == null ? "" : session.csrf());
    }

    /**
     * A one-button form POSTing to {@code action} with the CSRF token and the given hidden fields (name, value, ...),
     * or nothing when the principal lacks {@code role}: roles decide which buttons exist.
     */
    public Html button(String action, String role, String label, String... hidden) {
        Html h = new Html();
        if (!may(role)) {
            return h;
        }
        h.f("<form class=\"inline\" method=\"post\" action=\"{}\">", action).add(csrfField());
        for (int i = 0; i + 1 < hidden.length; i += 2) {
            h.f("<input type=\"hidden\" name=\"{}\" value=\"{}\">", hidden[i], hidden[i + 1]);
        }
        return h.f("<button type=\"submit\">{}</button></form>", label);
    }

    /** The page in the console layout (nav, user, sign-out, flash): 200 text/html. */
    public Response page(String title, String nav, Html body) {
        return page(200, title, nav, body);
    }

    public Response page(int status, String title, String nav, Html body) {
        return html(status, Layout.render(this, title, nav, body));
    }

    /** A bare HTML fragment (for parts fetched by script). */
    public Response fragment(Html body) {
        return html(200, body.toString());
    }

    static Response html(int status, String html) {
        return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other to a console path (post/redirect/get). */
    public Response redirect(String location) {
        return redirect(location, null);
    }

    Response redirect(String location, String setCookie) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        h.put("Location", List.of(location));
        if (setCookie != null) {
            h.put("Set-Cookie", List.of(setCookie));
        }
        return new Response(303, "text/plain; charset=utf-8", new byte[0], h);
    }

    /** A file download (Content-Disposition: attachment). */
    public Response download(String filename, String contentType, byte[] body) {
        return new Response(200, contentType, body, Map.of("Content-Disposition",
                List.of("attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")));
    }

    /** An error in the layout when signed in, else a bare page (never patient data). */
    Response errorPage(int status, String title, String detail) {
        Html h = new Html().f("<h1>{}</h1><p class=\"error\">{}</p>", title, detail == null ? "" : detail);
        if (session != null && session.signedIn()) {
            return page(status, title, null, h);
        }
        return html(status, Layout.bare(title, h));
    }
}
