package org.radbridge.fhir.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * OAuth 2.0 client_credentials grant (RFC 6749 §4.4; SMART Backend Services): POSTs grant_type, scope and the
 * client's authentication to the token endpoint, and keeps the access token (RFC 6749 §5.1) until shortly before
 * it expires (expires_in less a tenth of it, at most a minute; no expires_in: five minutes), shared by every worker.
 * A 401 from the FHIR server drops the token ({@link #rejected}), and the next request obtains a new one.
 * Token endpoint answers: 200 with a bearer access_token: the token; 400 or 401 (RFC 6749 §5.2: invalid_client,
 * invalid_scope, unauthorized_client ...): {@link TokenRefused}, the destination pauses; 408, 429, 5xx or no answer:
 * IOException, the delivery is retried.
 */
public final class ClientCredentials implements FhirAuth {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long DEFAULT_LIFETIME_MILLIS = 300_000;

    private final URI tokenUrl;
    private final String scope;
    private final ClientAuthentication client;
    private final HttpClient http;
    private final Duration timeout;
    private final LongSupplier clock;
    private String header; // guarded by this
    private long refreshAt;
    private long obtained;

    public ClientCredentials(String tokenUrl, String scope, ClientAuthentication client, HttpClient http, Duration timeout) {
        this(tokenUrl, scope, client, http, timeout, System::currentTimeMillis);
    }

    ClientCredentials(String tokenUrl, String scope, ClientAuthentication client, HttpClient http, Duration timeout,
            LongSupplier clock) {
        this.tokenUrl = URI.create(tokenUrl);
        this.scope = scope == null ? "" : scope.trim();
        this.client = client;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public synchronized String authorization() throws IOException, InterruptedException, TokenRefused {
        if (header == null || clock.getAsLong() >= refreshAt) {
            header = null;
            fetch();
        }
        return header;
    }

    @Override
    public synchronized boolean rejected(String authorization) {
        if (authorization != null && authorization.equals(header)) {
            header = null;
        }
        return true;
    }

    /** Tokens obtained since start (metrics, tests). */
    public synchronized long obtained() {
        return obtained;
    }

    @Override
    public String describe() {
        return "OAuth 2.0 client_credentials at " + tokenUrl + " (" + client.method() + (scope.isEmpty() ? "" : ", scope " + scope) + ")";
    }

    private void fetch() throws IOException, InterruptedException, TokenRefused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!scope.isEmpty()) {
            form.put("scope", scope);
        }
        HttpRequest.Builder rq = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        client.apply(rq, form);
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(ClientAuthentication.enc(k) + "=" + ClientAuthentication.enc(v)));
        long sent = clock.getAsLong();
        HttpResponse<String> r = http.send(rq.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = r.statusCode();
        if (status == 400 || status == 401) {
            throw new TokenRefused("token endpoint " + tokenUrl + " refused the client: HTTP " + status + " " + error(r.body()));
        }
        if (status != 200) {
            throw new IOException("token endpoint " + tokenUrl + " answered HTTP " + status + " " + error(r.body()));
        }
        JsonNode t;
        try {
            t = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("token endpoint " + tokenUrl + " answered no JSON");
        }
        String token = t.path("access_token").asText("");
        String type = t.path("token_type").asText("bearer");
        if (token.isEmpty() || !type.equalsIgnoreCase("bearer")) {
            throw new TokenRefused("token endpoint " + tokenUrl + " answered no bearer access_token (token_type " + type + ")");
        }
        long lifetime = t.path("expires_in").canConvertToLong() && t.path("expires_in").asLong() > 0
                ? t.path("expires_in").asLong() * 1000 : DEFAULT_LIFETIME_MILLIS;
        header = "Bearer " + token;
        refreshAt = sent + lifetime - Math.min(60_000, lifetime / 10);
        obtained++;
    }

    /** The error and error_description of an RFC 6749 §5.2 answer (never a token), clipped. */
    static String error(String body) {
        try {
            JsonNode e = JSON.readTree(body);
            if (e != null && e.has("error")) {
                String d = e.path("error").asText() + (e.has("error_description") ? ": " + e.path("error_description").asText() : "");
                return d.length() <= 300 ? d : d.substring(0, 300) + "...";
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through
        }
        String s = body == null ? "" : body.strip();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
