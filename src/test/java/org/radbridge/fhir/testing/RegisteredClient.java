package org.radbridge.fhir.testing;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * A client registration at the test's OAuth 2.0 server (mock-oauth2-server's token callback for one token request of
 * issuer "fhir"): it authenticates the client as an EMR's authorization server does — a private_key_jwt assertion
 * (RFC 7523 §3) must be signed by the registered key, be issued by and about the client, name the token endpoint as
 * audience and not be expired; a client secret must match — and else refuses with invalid_client (HTTP 401, RFC 6749
 * §5.2). The token carries the requested scope as claim "scope".
 */
public final class RegisteredClient implements OAuth2TokenCallback {

    private final String clientId;
    private final JWSVerifier key;
    private final String secret;
    private final String tokenUrl;
    private final long expirySeconds;

    private RegisteredClient(String clientId, JWSVerifier key, String secret, String tokenUrl, long expirySeconds) {
        this.clientId = clientId;
        this.key = key;
        this.secret = secret;
        this.tokenUrl = tokenUrl;
        this.expirySeconds = expirySeconds;
    }

    /** A SMART backend client registered with its public key. */
    public static RegisteredClient withKey(String clientId, JWSVerifier key, String tokenUrl, long expirySeconds) {
        return new RegisteredClient(clientId, key, null, tokenUrl, expirySeconds);
    }

    /** A confidential client registered with a secret. */
    public static RegisteredClient withSecret(String clientId, String secret, long expirySeconds) {
        return new RegisteredClient(clientId, null, secret, null, expirySeconds);
    }

    @Override
    public String issuerId() {
        return "fhir";
    }

    @Override
    public String subject(TokenRequest request) {
        String problem = problem(request.getClientAuthentication());
        if (problem != null) {
            throw new OAuth2Exception(OAuth2Error.INVALID_CLIENT.setDescription(problem), problem);
        }
        return clientId;
    }

    private String problem(ClientAuthentication auth) {
        if (auth == null) {
            return "no client authentication";
        }
        if (!clientId.equals(auth.getClientID().getValue())) {
            return "unknown client " + auth.getClientID();
        }
        try {
            if (key != null) {
                if (!(auth instanceof PrivateKeyJWT jwt)) {
                    return "private_key_jwt required";
                }
                SignedJWT a = jwt.getClientAssertion();
                var c = a.getJWTClaimsSet();
                if (!a.verify(key)) {
                    return "client assertion not signed by the registered key";
                }
                if (!clientId.equals(c.getIssuer()) || !clientId.equals(c.getSubject())) {
                    return "assertion iss/sub is not the client";
                }
                if (!c.getAudience().contains(tokenUrl)) {
                    return "assertion audience is not the token endpoint";
                }
                if (c.getExpirationTime() == null || c.getExpirationTime().before(new Date())) {
                    return "assertion expired";
                }
                return null;
            }
            String given = auth instanceof ClientSecretBasic b ? b.getClientSecret().getValue()
                    : auth instanceof ClientSecretPost p ? p.getClientSecret().getValue() : null;
            return secret.equals(given) ? null : "wrong client secret";
        } catch (Exception e) {
            return "unreadable client authentication: " + e.getMessage();
        }
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        return List.of("fhir");
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        return request.getScope() == null ? Map.of() : Map.of("scope", request.getScope().toString());
    }

    @Override
    public long tokenExpiry() {
        return expirySeconds;
    }
}
