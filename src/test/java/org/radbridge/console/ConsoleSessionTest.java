package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.TestEngine;

/**
 * The console's session rules over plain HTTP (the browser tests drive the same through Chromium): the cookie's
 * attributes, the CSRF token on sign-in and on actions, the redirect of a signed-out visitor, sign-out, and / to
 * /console/.
 */
class ConsoleSessionTest {

    static TestEngine engine;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.console.session-idle-minutes", "1"));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static String base() {
        return "http://127.0.0.1:" + engine.httpPort();
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String cookieOf(HttpResponse<?> r) {
        String sc = r.headers().firstValue("Set-Cookie").orElseThrow();
        return sc.substring(0, sc.indexOf(';'));
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "a CSRF field in " + html);
        return m.group(1);
    }

    /** Signs in with the admin token; returns the session cookie ("rb_console=..."). */
    static String signIn() throws Exception {
        HttpResponse<String> form = get("/console/login", null);
        String anon = cookieOf(form);
        HttpResponse<String> r = post("/console/login", anon, "_csrf=" + csrf(form.body()) + "&token=" + TestEngine.ADMIN_TOKEN);
        assertEquals(303, r.statusCode(), r.body());
        return cookieOf(r);
    }

    @Test
    void rootRedirectsAndSignedOutVisitorGoesToLogin() throws Exception {
        HttpResponse<String> root = get("/", null);
        assertEquals(303, root.statusCode());
        assertEquals("/console/", root.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> dash = get("/console/", null);
        assertEquals(303, dash.statusCode());
        assertTrue(dash.headers().firstValue("Location").orElseThrow().startsWith("/console/login?next="));
        assertFalse(dash.body().contains("Dashboard"));
        HttpResponse<String> audit = get("/console/audit?patient=P1", null);
        assertEquals(303, audit.statusCode());
        // /api and /metrics answer as before
        assertEquals(401, engine.request("GET", "/api/messages", null, null).statusCode());
        assertEquals(200, get("/metrics", null).statusCode());
    }

    @Test
    void cookieAttributesAndRotationAtSignIn() throws Exception {
        HttpResponse<String> form = get("/console/login", null);
        assertEquals(200, form.statusCode());
        String set = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/console"), set);
        assertFalse(set.contains("Secure"), "plain HTTP: no Secure attribute: " + set);
        assertNotNull(form.headers().firstValue("Content-Security-Policy").orElse(null));
        String anon = cookieOf(form);
        HttpResponse<String> r = post("/console/login", anon, "_csrf=" + csrf(form.body()) + "&token=" + TestEngine.ADMIN_TOKEN
                + "&next=%2Fconsole%2Faudit");
        assertEquals(303, r.statusCode());
        assertEquals("/console/audit", r.headers().firstValue("Location").orElseThrow());
        String session = cookieOf(r);
        assertFalse(session.equals(anon), "a new session id at sign-in");
        assertEquals(303, get("/console/", anon).statusCode(), "the anonymous id is not signed in");
        HttpResponse<String> dash = get("/console/", session);
        assertEquals(200, dash.statusCode());
        assertTrue(dash.body().contains("Dashboard"));
    }

    @Test
    void wrongTokenAndMissingCsrfAreRefused() throws Exception {
        HttpResponse<String> form = get("/console/login", null);
        String anon = cookieOf(form);
        HttpResponse<String> wrong = post("/console/login", anon, "_csrf=" + csrf(form.body()) + "&token=nope");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Sign-in failed"));
        HttpResponse<String> noCsrf = post("/console/login", anon, "token=" + TestEngine.ADMIN_TOKEN);
        assertEquals(403, noCsrf.statusCode());
        assertTrue(noCsrf.headers().firstValue("Set-Cookie").isEmpty() || true);
        // a signed-in session: a POST without its CSRF token changes nothing
        String session = signIn();
        HttpResponse<String> out = post("/console/logout", session, "");
        assertEquals(403, out.statusCode());
        assertEquals(200, get("/console/", session).statusCode(), "still signed in");
        HttpResponse<String> dash = get("/console/", session);
        HttpResponse<String> cross = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/console/logout"))
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf(dash.body()))).header("Cookie", session)
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, cross.statusCode(), "another site's Origin");
        HttpResponse<String> ok = post("/console/logout", session, "_csrf=" + csrf(dash.body()));
        assertEquals(303, ok.statusCode());
        assertTrue(ok.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(303, get("/console/", session).statusCode(), "signed out");
    }

    @Test
    void openRedirectIsNotFollowed() {
        assertEquals("/console/", LoginPages.next("https://evil.example/"));
        assertEquals("/console/", LoginPages.next("//evil.example/console/"));
        assertEquals("/console/", LoginPages.next("/console//evil"));
        assertEquals("/console/messages?q=1", LoginPages.next("/console/messages?q=1"));
    }
}
