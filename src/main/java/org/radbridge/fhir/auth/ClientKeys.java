package org.radbridge.fhir.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The client's private key for private_key_jwt, from radbridge.fhir.auth.private-key: a file path, or the key itself
 * (in the environment variable RADBRIDGE_FHIR_AUTH_PRIVATE_KEY, as a secret store mounts it). Either form may be a
 * PKCS#8 PEM block ("BEGIN PRIVATE KEY", RFC 7468 §10) or a private JWK (RFC 7517, as SMART clients often keep
 * their keys; its kid is used when radbridge.fhir.auth.key-id is empty).
 */
public final class ClientKeys {

    /** A private key and the key id it names, if any. */
    public record Loaded(PrivateKey key, String keyId) {
    }

    private ClientKeys() {
    }

    /** Throws IllegalArgumentException with a message fit for the configuration error (never the key). */
    public static Loaded load(String value) {
        String v = value.strip();
        String text;
        if (v.startsWith("-----BEGIN") || v.startsWith("{")) {
            text = v;
        } else {
            try {
                text = Files.readString(Path.of(v), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the key file " + v + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return text.startsWith("{") ? jwk(text) : pem(text);
    }

    private static Loaded jwk(String json) {
        try {
            JWK k = JWK.parse(json);
            if (!k.isPrivate()) {
                throw new IllegalArgumentException("the JWK holds no private key");
            }
            PrivateKey key = k instanceof RSAKey r ? r.toPrivateKey() : k instanceof ECKey e ? e.toPrivateKey() : null;
            if (key == null) {
                throw new IllegalArgumentException("the JWK is neither RSA nor EC (kty " + k.getKeyType() + ")");
            }
            return new Loaded(key, k.getKeyID());
        } catch (java.text.ParseException | JOSEException e) {
            throw new IllegalArgumentException("not a JWK: " + e.getMessage());
        }
    }

    private static Loaded pem(String text) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int b = text.indexOf(begin);
        int e = text.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
                    ? "a PKCS#1/SEC1 key; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem"
                    : text.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key; store it unencrypted (PKCS#8) in a secret"
                    : "no PEM block \"BEGIN PRIVATE KEY\" and no JWK");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the PEM block is not base64");
        }
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return new Loaded(KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)), null);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThis) {
                // try the next
            }
        }
        throw new IllegalArgumentException("the PKCS#8 key is neither RSA nor EC");
    }
}
