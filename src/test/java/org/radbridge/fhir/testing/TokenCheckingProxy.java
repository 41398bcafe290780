package org.radbridge.fhir.testing;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resource server in front of the real FHIR test server, as an EMR's FHIR gateway is: every request must carry a
 * bearer access token (RFC 6750 §2.1) issued by the test's OAuth 2.0 server — signature checked against its JWKS,
 * issuer, expiry, subject = the client id, scope system/*.write — and not revoked; else 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"} (RFC 6750 §3). Accepted requests are forwarded to the FHIR server and its answer returned.
 */
public final class TokenCheckingProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final String issuer;
    private final String subject;
    private final List<RSAKey> keys;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();

    public TokenCheckingProxy(String targetBase, String jwksUrl, String issuer, String subject) throws Exception {
        this.target = targetBase;
        this.issuer = issuer;
        this.subject = subject;
        this.keys = JWKSet.load(new URL(jwksUrl), 10_000, 10_000, 1 << 20).getKeys().stream().filter(k -> k instanceof RSAKey).map(k -> (RSAKey) k).toList();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Its FHIR base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    /** Revokes every token seen so far (the next request with one gets 401). */
    public void revokeAll() {
        revoked.addAll(seen);
    }

    public int refused() {
        return refused.get();
    }

    public int forwarded() {
        return forwarded.get();
    }

    private String check(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer token";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            boolean signed = false;
            for (RSAKey k : keys) {
                signed |= jwt.verify(new RSASSAVerifier(k));
            }
            var c = jwt.getJWTClaimsSet();
            seen.add(c.getJWTID());
            if (!signed) {
                return "bad signature";
            }
            if (!issuer.equals(c.getIssuer())) {
                return "issuer " + c.getIssuer();
            }
            if (c.getExpirationTime() == null || c.getExpirationTime().before(new Date())) {
                return "expired";
            }
            if (!subject.equals(c.getSubject())) {
                return "subject " + c.getSubject();
            }
            if (c.getStringClaim("scope") == null || !List.of(c.getStringClaim("scope").split(" ")).contains("system/*.write")) {
                return "scope system/*.write missing";
            }
            return revoked.contains(c.getJWTID()) ? "revoked" : null;
        } catch (Exception e) {
            return "unreadable token: " + e.getMessage();
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String problem = check(x.getRequestHeaders().getFirst("Authorization"));
            if (problem != null) {
                refused.incrementAndGet();
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + problem + "\"");
                x.sendResponseHeaders(401, -1);
                return;
            }
            forwarded.incrementAndGet();
            String path = x.getRequestURI().getRawPath().substring("/fhir".length());
            String query = x.getRequestURI().getRawQuery();
            HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(60)).method(x.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : new String[] {"Content-Type", "Accept", "Prefer", "If-Match"}) {
                String v = x.getRequestHeaders().getFirst(h);
                if (v != null) {
                    rq.header(h, v);
                }
            }
            HttpResponse<byte[]> r = http.send(rq.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(v -> x.getResponseHeaders().add("Content-Type", v));
            x.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}
