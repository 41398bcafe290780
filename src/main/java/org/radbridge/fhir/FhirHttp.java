package org.radbridge.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.radbridge.fhir.auth.FhirAuth;
import org.radbridge.fhir.auth.TokenRefused;

/**
 * The HTTP side of the FHIR destination (FHIR R4 http.html): a JDK HttpClient over HTTP/1.1 (no HAPI client: the
 * Bundle is JSON already, and HAPI's default client costs ~1.2 ms per request for its stale-connection check,
 * ../shared/reference/performance.md §5), JSON in and out, authenticated by a {@link FhirAuth} (none, a static bearer
 * token, or an OAuth 2.0 token renewed on a 401).
 */
public final class FhirHttp {

    /** Status, body and the Retry-After header of one exchange. */
    public record Reply(int status, String body, String retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String base;
    private final HttpClient client;
    private final FhirAuth auth;
    private final Duration timeout;

    /** With a static bearer token (or none when blank). */
    public FhirHttp(String baseUrl, String bearerToken, Duration connectTimeout, Duration timeout, SSLContext ssl) {
        this(baseUrl, FhirAuth.bearer(bearerToken), client(connectTimeout, ssl), timeout);
    }

    /** With the given authentication, over {@code client} (see {@link #client}). */
    public FhirHttp(String baseUrl, FhirAuth auth, HttpClient client, Duration timeout) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.client = client;
        this.auth = auth;
        this.timeout = timeout;
    }

    /** The HTTP/1.1 client of the destination and of its token requests: BCP 195, no redirects. */
    public static HttpClient client(Duration connectTimeout, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        org.radbridge.tls.Bcp195.https(b, ssl); // BCP 195 suites and protocols, with or without the engine's material
        return b.build();
    }

    public FhirAuth auth() {
        return auth;
    }

    public String base() {
        return base;
    }

    /** GET base/relative (a search such as "Patient?identifier=..."). */
    public Reply get(String relative) throws IOException, InterruptedException, TokenRefused {
        String uri = uriSafe(relative);
        return send(() -> request(uri).GET());
    }

    /** Percent-encodes what a URI cannot carry literally ("|" of search tokens, quotes, brackets...). */
    static String uriSafe(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "|\\\"<>^`{}".indexOf(c) >= 0) {
                for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(String.format("%02X", x & 0xff));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** POST a transaction Bundle to the base (FHIR R4 http.html#transaction). */
    public Reply transaction(byte[] bundle) throws IOException, InterruptedException, TokenRefused {
        return send(() -> request("").header("Content-Type", "application/fhir+json; charset=utf-8")
                .header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofByteArray(bundle)));
    }

    private HttpRequest.Builder request(String relative) {
        return HttpRequest.newBuilder(URI.create(relative.isEmpty() ? base : base + "/" + relative))
                .timeout(timeout).header("Accept", "application/fhir+json");
    }

    /**
     * Sends with the current Authorization; a 401 (RFC 6750 §3.1 invalid_token: expired or revoked) drops an OAuth
     * token and the request is sent once more with a new one. A second 401 is the answer (the outcome table pauses).
     */
    private Reply send(java.util.function.Supplier<HttpRequest.Builder> request)
            throws IOException, InterruptedException, TokenRefused {
        for (int attempt = 0;; attempt++) {
            HttpRequest.Builder b = request.get();
            String authorization = auth.authorization();
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Reply r = new Reply(resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8),
                    resp.headers().firstValue("Retry-After").orElse(null));
            if (r.status() != 401 || authorization == null || attempt > 0 || !auth.rejected(authorization)) {
                return r;
            }
        }
    }
}
