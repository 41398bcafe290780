package org.radbridge.console;

import org.radbridge.audit.AuditEvents;
import org.radbridge.engine.http.Authenticator;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;

/**
 * Sign-in with an API token (the form field {@code token}; the same principals and roles as /api) and sign-out.
 * The form itself carries a CSRF token of an anonymous session (no login CSRF); a successful sign-in starts a new
 * session id; a wrong token is answered 401 and audited as a security alert like a wrong bearer token.
 */
final class LoginPages {

    private final Console console;
    private final Authenticator principals;
    private final boolean oidc;

    LoginPages(Console console, Authenticator principals, boolean oidc) {
        this.console = console;
        this.principals = principals;
        this.oidc = oidc;
    }

    void register() {
        console.open("GET", "/console/login", this::form);
        console.open("POST", "/console/login", this::signIn);
        console.open("POST", "/console/logout", this::signOut);
    }

    private Response form(ConsoleRequest c) {
        if (c.session() != null && c.session().signedIn()) {
            return c.redirect(next(c.query("next")));
        }
        return form(c, 200, null);
    }

    /** The sign-in form on an anonymous session (created, with its cookie, when the visitor has none). */
    Response form(ConsoleRequest c, int status, String problem) {
        Session s = c.session();
        String cookie = null;
        if (s == null) {
            s = console.sessions().create();
            c.session(s);
            cookie = console.sessionCookie(s, c.request());
        }
        Html h = new Html().raw("<div class=\"login\"><h1>RadBridge console</h1>");
        if (problem != null) {
            h.f("<p class=\"error\" id=\"login-error\">{}</p>", problem);
        }
        String next = c.query("next") != null ? c.query("next") : c.form("next");
        h.raw("<form method=\"post\" action=\"/console/login\">").add(c.csrfField())
                .f("<input type=\"hidden\" name=\"next\" value=\"{}\">", next(next))
                .raw("<label for=\"token\">API token</label>"
                        + "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required autofocus>"
                        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
        if (oidc) {
            h.f("<p class=\"or\">or</p><a class=\"button\" id=\"oidc-sign-in\" href=\"/console/oidc/start?next={}\">{}</a>",
                    Html.url(next(next)), console.settings().oidc().label());
        }
        h.raw("<p class=\"hint\">Tokens are created with <code>radbridge token create</code>; the bootstrap token is "
                + "<code>radbridge.admin.token</code>.</p></div>");
        Response r = ConsoleRequest.html(status, Layout.bare("Sign in", h));
        if (cookie != null) {
            r = new Response(r.status(), r.contentType(), r.body(), java.util.Map.of("Set-Cookie", java.util.List.of(cookie)));
        }
        return r;
    }

    private Response signIn(ConsoleRequest c) {
        Session s = c.session();
        if (s == null || !Sessions.same(c.form("_csrf"), s.csrf()) || !Console.sameOrigin(c.request())) {
            // no session (expired, cookies off) or a forged form: a fresh form, nothing else
            c.session(null);
            return form(c, 403, "The sign-in form expired; please try again.");
        }
        String token = c.form("token");
        Principal p = token == null ? null : principals.authenticate("Bearer " + token.trim());
        String remote = c.request().remote();
        if (p == null) {
            console.audit().record(AuditEvents.securityAlert(token == null ? AuditEvents.MISSING_TOKEN : AuditEvents.INVALID_TOKEN, null,
                    remote, "console", "POST /console/login", true, token == null ? "no token" : "the token is not valid",
                    AuditEvents.fields("status", 401, "tokenId", token == null ? null : principals.presentedId("Bearer " + token.trim()))));
            return form(c, 401, "Sign-in failed: the token is not valid.");
        }
        Response r = signedIn(c, p, "token", c.form("next"));
        c.session().token(token.trim());
        return r;
    }

    /** Starts the signed-in session (new id), audits the sign-in and goes on to {@code next}. */
    Response signedIn(ConsoleRequest c, Principal p, String how, String next) {
        Session s = console.sessions().signIn(c.session(), p, how);
        c.session(s);
        console.audit().record(AuditEvents.operatorAction(p.name(), c.request().remote(), "console-session", p.name(), "sign-in", true,
                AuditEvents.fields("via", how)));
        return c.redirect(next(next), console.sessionCookie(s, c.request()));
    }

    private Response signOut(ConsoleRequest c) {
        Session s = c.session();
        if (s != null && s.signedIn() && Sessions.same(c.form("_csrf"), s.csrf()) && Console.sameOrigin(c.request())) {
            console.sessions().end(s);
            console.audit().record(AuditEvents.operatorAction(s.principal().name(), c.request().remote(), "console-session",
                    s.principal().name(), "sign-out", true, null));
        } else if (s != null && s.signedIn()) {
            return c.errorPage(403, "Forbidden", "The sign-out form did not come from this console.");
        }
        return c.redirect(Console.LOGIN, console.sessionCookie(null, c.request()));
    }

    /** Only a console path may follow sign-in (no open redirect). */
    static String next(String next) {
        if (next == null || !next.startsWith("/console/") || next.startsWith("/console/login") || next.contains("//")
                || next.contains("\\") || next.chars().anyMatch(ch -> ch < 0x21)) {
            return "/console/";
        }
        return next;
    }
}
