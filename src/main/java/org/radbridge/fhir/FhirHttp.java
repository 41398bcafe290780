package org.radbridge.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of the FHIR destination (FHIR R4 http.html): a JDK HttpClient over HTTP/1.1 (no HAPI client: the
 * Bundle is JSON already, and HAPI's default client costs ~1.2 ms per request for its stale-connection check,
 * ../shared/reference/performance.md §5), JSON in and out, an optional bearer token.
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
    private final String bearerToken;
    private final Duration timeout;

    public FhirHttp(String baseUrl, String bearerToken, Duration connectTimeout, Duration timeout, SSLContext ssl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        org.radbridge.tls.Bcp195.https(b, ssl); // BCP 195 suites and protocols, with or without the engine's material
        this.client = b.build();
        this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
        this.timeout = timeout;
    }

    public String base() {
        return base;
    }

    /** GET base/relative (a search such as "Patient?identifier=..."). */
    public Reply get(String relative) throws IOException, InterruptedException {
        return send(request(uriSafe(relative)).GET().build());
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
    public Reply transaction(byte[] bundle) throws IOException, InterruptedException {
        return send(request("").header("Content-Type", "application/fhir+json; charset=utf-8")
                .header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build());
    }

    private HttpRequest.Builder request(String relative) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(relative.isEmpty() ? base : base + "/" + relative))
                .timeout(timeout).header("Accept", "application/fhir+json");
        if (bearerToken != null) {
            b.header("Authorization", "Bearer " + bearerToken);
        }
        return b;
    }

    private Reply send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<byte[]> resp = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8),
                resp.headers().firstValue("Retry-After").orElse(null));
    }
}
