package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.radbridge.fhir.testing.FhirFlows.awaitDelivered;
import static org.radbridge.fhir.testing.FhirFlows.count;
import static org.radbridge.fhir.testing.FhirFlows.message;
import static org.radbridge.fhir.testing.FhirFlows.sendAccepted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.fhir.testing.RegisteredClient;
import org.radbridge.fhir.testing.TokenCheckingProxy;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.TestEngine;

/**
 * The FHIR destination's authentication against a real OAuth 2.0 authorization server (mock-oauth2-server 2.3.0,
 * started here) and a resource server that checks each token before the real HAPI FHIR JPA server sees the request:
 * SMART Backend Services (client_credentials + private_key_jwt, RS384 and ES384, key from a file or given as text as
 * the environment gives it) and a client secret (client_secret_basic, client_secret_post); the server authenticates
 * the client against its registration ({@link RegisteredClient}: assertion signature and claims, or the secret). A token is fetched once
 * and reused, fetched again after a 401 and after it expires; a refused token pauses the destination, visibly,
 * until an operator resumes it.
 */
@ExtendWith(FhirServerExtension.class)
class FhirAuthTest {

    private static final String CLIENT = "radbridge-test-client";
    private static final String SCOPE = "system/*.write system/*.read";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MockOAuth2Server oauth;
    private Path dir;

    @BeforeEach
    void startAuthorizationServer() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start();
        dir = Files.createTempDirectory("radbridge-fhir-auth");
    }

    @AfterEach
    void stop() {
        oauth.shutdown();
        TestEngine.deleteTree(dir);
    }

    @Test
    void smartBackendTokenIsFetchedOnceReusedAndFetchedAgainAfterA401(FhirTestServer server) throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path keyFile = dir.resolve("client-key.pem");
        Files.writeString(keyFile, pem(rsa));
        RegisteredClient registration = RegisteredClient.withKey(CLIENT, new RSASSAVerifier((RSAPublicKey) rsa.getPublic()),
                oauth.tokenEndpointUrl("fhir").toString(), 3600);
        oauth.enqueueCallback(registration); // the first token
        oauth.enqueueCallback(registration); // the one after the 401
        try (TokenCheckingProxy proxy = proxy(server);
                TestEngine engine = FhirFlows.engine(server, smart(proxy, keyFile.toString(), "RS384", "key-rs-1"))) {
            List<String> numbers = send(engine, 5);
            awaitDelivered(engine, 120_000);
            List<RecordedRequest> first = tokenRequests();
            assertEquals(1, first.size(), "one token for five Bundles");
            Map<String, String> form = form(first.get(0));
            assertEquals("client_credentials", form.get("grant_type"));
            assertEquals(SCOPE, form.get("scope"));
            assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            assertEquals(JWSAlgorithm.RS384, assertion.getHeader().getAlgorithm());
            assertEquals("key-rs-1", assertion.getHeader().getKeyID());
            assertTrue(assertion.verify(new RSASSAVerifier((RSAPublicKey) rsa.getPublic())), "signed with the client's key");
            assertSmartClaims(assertion.getJWTClaimsSet());
            assertEquals(0, proxy.refused());

            proxy.revokeAll(); // the resource server no longer accepts the token: 401, a new token, the same attempt
            numbers.addAll(send(engine, 2));
            awaitDelivered(engine, 120_000);
            assertEquals(1, tokenRequests().size(), "one more token after the 401");
            assertEquals(1, proxy.refused(), "one 401");
            for (OutboxEntry e : FhirFlows.entries(engine)) {
                assertEquals(1, e.attempts(), "entry " + e.id() + " delivered at its first attempt");
            }
            for (String n : numbers) {
                assertEquals(1, count(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n));
            }
        }
    }

    @Test
    void aRefusedTokenPausesTheDestinationVisiblyUntilResumed(FhirTestServer server) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ec = g.generateKeyPair();
        // the key itself as the property's value: what RADBRIDGE_FHIR_AUTH_PRIVATE_KEY holds when a secret store sets it
        try (TokenCheckingProxy proxy = proxy(server);
                TestEngine engine = FhirFlows.engine(server, smart(proxy, pem(ec), "ES384", "key-ec-1"))) {
            // the EMR has another key registered for this client (e.g. before a key rotation): invalid_client
            KeyPair other = g.generateKeyPair();
            oauth.enqueueCallback(RegisteredClient.withKey(CLIENT, new ECDSAVerifier((ECPublicKey) other.getPublic()),
                    oauth.tokenEndpointUrl("fhir").toString(), 3600));
            String n = send(engine, 1).get(0);
            org.radbridge.testing.Waits.until("the refused token pauses the destination", java.time.Duration.ofSeconds(60),
                    () -> engine.app().engine().context().outbox().isPaused("fhir"));
            JsonNode destinations = JSON.readTree(engine.get("/api/destinations").body());
            JsonNode fhir = null;
            for (JsonNode d : destinations) {
                if (d.path("destination").asText().equals("fhir")) {
                    fhir = d;
                }
            }
            assertNotNull(fhir, destinations.toString());
            assertTrue(fhir.path("paused").asBoolean(), "GET /api/destinations shows fhir paused: " + destinations);
            var health = engine.get("/health");
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(JSON.readTree(health.body()).path("checks").path("fhir").toString().contains("paused"), health.body());
            OutboxEntry e = FhirFlows.entries(engine).get(0);
            assertEquals("PAUSE", e.lastOutcome());
            assertTrue(e.lastError().contains("refused the client: HTTP 401 invalid_client: client assertion not signed by the registered key"),
                    e.lastError());
            assertEquals(0, proxy.forwarded() + proxy.refused(), "nothing was sent without a token");
            assertEquals(1, tokenRequests().size());

            // the registration is fixed, the operator resumes
            oauth.enqueueCallback(RegisteredClient.withKey(CLIENT, new ECDSAVerifier((ECPublicKey) ec.getPublic()),
                    oauth.tokenEndpointUrl("fhir").toString(), 3600));
            assertEquals(200, engine.post("/api/destinations/fhir/resume", "").statusCode());
            awaitDelivered(engine, 120_000);
            List<RecordedRequest> again = tokenRequests();
            assertEquals(1, again.size());
            SignedJWT assertion = SignedJWT.parse(form(again.get(0)).get("client_assertion"));
            assertEquals(JWSAlgorithm.ES384, assertion.getHeader().getAlgorithm());
            assertTrue(assertion.verify(new ECDSAVerifier((ECPublicKey) ec.getPublic())));
            assertSmartClaims(assertion.getJWTClaimsSet());
            assertEquals(1, count(server, "ServiceRequest?identifier=" + OrderToFhirTest.PLACER + "|PLC" + n));
        }
    }

    @Test
    void aClientSecretTokenIsFetchedAgainWhenItExpires(FhirTestServer server) throws Exception {
        for (String method : new String[] {"client_secret_basic", "client_secret_post"}) {
            // the first token lives 10 seconds (long enough for a first request on a loaded machine); later ones an hour
            oauth.enqueueCallback(RegisteredClient.withSecret(CLIENT, "s3cret:with/odd&chars", 10));
            oauth.enqueueCallback(RegisteredClient.withSecret(CLIENT, "s3cret:with/odd&chars", 3600));
            Map<String, String> p = new HashMap<>();
            p.put("radbridge.fhir.auth.type", "client-secret");
            p.put("radbridge.fhir.auth.client-auth", method);
            p.put("radbridge.fhir.auth.token-url", oauth.tokenEndpointUrl("fhir").toString());
            p.put("radbridge.fhir.auth.client-id", CLIENT);
            p.put("radbridge.fhir.auth.client-secret", "s3cret:with/odd&chars");
            p.put("radbridge.fhir.auth.scope", SCOPE);
            try (TokenCheckingProxy proxy = proxy(server);
                    TestEngine engine = FhirFlows.engine(server, with(p, "radbridge.fhir.url", proxy.baseUrl()))) {
                send(engine, 1);
                awaitDelivered(engine, 120_000);
                List<RecordedRequest> first = tokenRequests();
                assertEquals(1, first.size(), method + ": token requests (401s at the resource server: " + proxy.refused()
                        + ", attempts: " + FhirFlows.entries(engine).stream().map(OutboxEntry::attempts).toList() + ")");
                RecordedRequest r = first.get(0);
                Map<String, String> form = form(r);
                if (method.equals("client_secret_basic")) {
                    String basic = new String(Base64.getDecoder().decode(r.getHeader("Authorization").substring(6)), StandardCharsets.UTF_8);
                    assertEquals(CLIENT + ":" + "s3cret%3Awith%2Fodd%26chars", basic, "RFC 6749 §2.3.1: form-encoded id and secret");
                    assertNull(form.get("client_secret"));
                } else {
                    assertNull(r.getHeader("Authorization"));
                    assertEquals(CLIENT, form.get("client_id"));
                    assertEquals("s3cret:with/odd&chars", form.get("client_secret"));
                }
                long expires = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < expires) { // until the first token has expired (time is the input)
                    Thread.sleep(100); // the token's lifetime is the input of this step
                }
                send(engine, 1);
                awaitDelivered(engine, 120_000);
                assertEquals(1, tokenRequests().size(), method + ": a new token once the first expired");
                assertEquals(0, proxy.refused(), "the expired token was not used");
            }
        }
    }

    private TokenCheckingProxy proxy(FhirTestServer server) throws Exception {
        return new TokenCheckingProxy(server.baseUrl(), oauth.jwksUrl("fhir").toString(), oauth.issuerUrl("fhir").toString(), CLIENT);
    }

    private Map<String, String> smart(TokenCheckingProxy proxy, String key, String algorithm, String kid) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.fhir.url", proxy.baseUrl());
        p.put("radbridge.fhir.workers", "2");
        p.put("radbridge.fhir.auth.type", "smart-backend");
        p.put("radbridge.fhir.auth.token-url", oauth.tokenEndpointUrl("fhir").toString());
        p.put("radbridge.fhir.auth.client-id", CLIENT);
        p.put("radbridge.fhir.auth.private-key", key);
        p.put("radbridge.fhir.auth.algorithm", algorithm);
        p.put("radbridge.fhir.auth.key-id", kid);
        p.put("radbridge.fhir.auth.scope", SCOPE);
        return p;
    }

    private void assertSmartClaims(JWTClaimsSet c) {
        assertEquals(CLIENT, c.getIssuer());
        assertEquals(CLIENT, c.getSubject());
        assertEquals(List.of(oauth.tokenEndpointUrl("fhir").toString()), c.getAudience());
        assertNotNull(c.getJWTID());
        long life = c.getExpirationTime().getTime() - System.currentTimeMillis();
        assertTrue(life > 0 && life <= 300_000, "exp at most five minutes ahead: " + life);
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    /** n new orders, each for a new patient; returns their numbers. */
    private static List<String> send(TestEngine engine, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = FhirFlows.uniqueNumber();
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", number));
            out.add(number);
        }
        return out;
    }

    /** The token requests the authorization server received since the last call (other requests, e.g. JWKS, dropped). */
    private List<RecordedRequest> tokenRequests() throws Exception {
        List<RecordedRequest> out = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = oauth.takeRequest(200, TimeUnit.MILLISECONDS);
            } catch (RuntimeException none) { // "no request found in queue within timeout"
                return out;
            }
            if (r.getPath() != null && r.getPath().endsWith("/token")) {
                out.add(r);
            }
        }
    }

    private static Map<String, String> form(RecordedRequest r) {
        Map<String, String> out = new HashMap<>();
        for (String kv : r.getBody().clone().readUtf8().split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String pem(KeyPair k) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(k.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
