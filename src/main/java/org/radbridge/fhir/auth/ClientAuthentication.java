package org.radbridge.fhir.auth;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * How the client authenticates to the token endpoint (RFC 6749 §2.3; OpenID Connect Core §9 names): client_secret_basic
 * (HTTP Basic of the form-encoded id and secret, RFC 6749 §2.3.1), client_secret_post (the two in the body), or
 * private_key_jwt (a signed assertion, RFC 7523 §2.2, {@link PrivateKeyJwt}).
 */
public interface ClientAuthentication {

    /** Adds what authenticates the client to the token request: headers and form parameters. */
    void apply(HttpRequest.Builder request, Map<String, String> form) throws TokenRefused;

    /** The name used in the configuration and the log. */
    String method();

    /** client_secret_basic. */
    static ClientAuthentication secretBasic(String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
        return new ClientAuthentication() {
            @Override
            public void apply(HttpRequest.Builder request, Map<String, String> form) {
                request.header("Authorization", "Basic " + basic);
            }

            @Override
            public String method() {
                return "client_secret_basic";
            }
        };
    }

    /** client_secret_post. */
    static ClientAuthentication secretPost(String clientId, String secret) {
        return new ClientAuthentication() {
            @Override
            public void apply(HttpRequest.Builder request, Map<String, String> form) {
                form.put("client_id", clientId);
                form.put("client_secret", secret);
            }

            @Override
            public String method() {
                return "client_secret_post";
            }
        };
    }

    /** application/x-www-form-urlencoded (RFC 6749 Appendix B). */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
