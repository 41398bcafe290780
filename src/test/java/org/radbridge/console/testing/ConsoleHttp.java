package org.radbridge.console.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radbridge.testing.TestEngine;

/**
 * The console over plain HTTP (no browser, redirects not followed), for checks of status codes, headers and forms:
 * {@code ConsoleHttp h = new ConsoleHttp(engine); h.signIn(TestEngine.ADMIN_TOKEN); h.get("/console/outbox");
 * h.post("/console/outbox/5/retry", "a=b")} (the session's CSRF token is added to every POST).
 */
public final class ConsoleHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private String cookie;
    private String csrf;

    public ConsoleHttp(TestEngine engine) {
        this("http://127.0.0.1:" + engine.httpPort());
    }

    public ConsoleHttp(String base) {
        this.base = base;
    }

    /** Signs in with the form; returns the answer to the sign-in POST (303 on success). */
    public HttpResponse<String> signIn(String token) throws IOException, InterruptedException {
        cookie = null;
        HttpResponse<String> form = get("/console/login");
        return send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf(form.body()) + "&token=" + token))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** POSTs a form with the session's CSRF token added (GET a page first so the token is known). */
    public HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        if (csrf == null) {
            get("/console/");
        }
        String body = "_csrf=" + csrf + (form == null || form.isEmpty() ? "" : "&" + form);
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }

    /** The session cookie ("rb_console=...") or null. */
    public String cookie() {
        return cookie;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        r.headers().allValues("Set-Cookie").forEach(sc -> {
            String c = sc.substring(0, sc.indexOf(';') < 0 ? sc.length() : sc.indexOf(';'));
            if (c.startsWith("rb_console=")) {
                cookie = sc.contains("Max-Age=0") ? null : c;
            }
        });
        return r;
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1);
    }
}
