package org.radbridge.fhir.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * private_key_jwt client authentication (RFC 7523 §2.2 and §3; SMART App Launch 2.x, Backend Services, "Authenticating
 * to the token endpoint"): a JWT with iss = sub = client id, aud = the token URL, a fresh jti, exp at most five
 * minutes ahead (four here), header kid and typ JWT, signed RS384 or ES384 (the algorithms SMART requires servers to
 * support); sent as client_assertion with client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer.
 */
public final class PrivateKeyJwt implements ClientAuthentication {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final long LIFETIME_MILLIS = 240_000;

    private final String clientId;
    private final String tokenUrl;
    private final String keyId;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    /** {@code algorithm}: RS384 (an RSA key of 2048 bits or more) or ES384 (an EC key on P-384). */
    public PrivateKeyJwt(String clientId, String tokenUrl, String keyId, String algorithm, PrivateKey key) {
        this.clientId = clientId;
        this.tokenUrl = tokenUrl;
        this.keyId = keyId == null || keyId.isBlank() ? null : keyId.trim();
        this.algorithm = JWSAlgorithm.parse(algorithm);
        try {
            if (JWSAlgorithm.RS384.equals(this.algorithm) && "RSA".equals(key.getAlgorithm())) {
                this.signer = new RSASSASigner(key);
            } else if (JWSAlgorithm.ES384.equals(this.algorithm) && key instanceof ECPrivateKey ec) {
                this.signer = new ECDSASigner(ec);
                if (!((ECDSASigner) signer).supportedJWSAlgorithms().contains(JWSAlgorithm.ES384)) {
                    throw new IllegalArgumentException("ES384 needs an EC key on curve P-384");
                }
            } else {
                throw new IllegalArgumentException("algorithm " + algorithm + " needs " + ("ES384".equals(algorithm)
                        ? "an EC key on curve P-384" : "RS384".equals(algorithm) ? "an RSA key" : "RS384 or ES384")
                        + ", the key is " + key.getAlgorithm());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A new signed assertion. */
    String assertion() throws TokenRefused {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenUrl)
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date(now)).expirationTime(new Date(now + LIFETIME_MILLIS)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new TokenRefused("cannot sign the client assertion: " + e.getMessage());
        }
        return jwt.serialize();
    }

    @Override
    public void apply(HttpRequest.Builder request, Map<String, String> form) throws TokenRefused {
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion());
    }

    @Override
    public String method() {
        return "private_key_jwt " + algorithm;
    }
}
