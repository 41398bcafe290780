package org.radbridge.fhir.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/**
 * radbridge.fhir.auth.*: start-up refuses an incomplete or inconsistent configuration naming the property (and never
 * printing a secret); keys load from PKCS#8 PEM or JWK text, the environment variable form included.
 */
class FhirAuthSettingsTest {

    private static final String PEM_RSA = pem();

    private static String pem() {
        try {
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                    KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Settings smart(Map<String, String> more) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.fhir.url", "https://emr.example.org/fhir");
        p.put("radbridge.fhir.auth.type", "smart-backend");
        p.put("radbridge.fhir.auth.token-url", "https://emr.example.org/token");
        p.put("radbridge.fhir.auth.client-id", "rb");
        p.put("radbridge.fhir.auth.private-key", PEM_RSA);
        p.put("radbridge.fhir.auth.scope", "system/*.write");
        p.putAll(more);
        return Settings.of(p);
    }

    private static String refusedProperty(Settings s) {
        return assertThrows(ConfigException.class, s::validate).property();
    }

    @Test
    void defaultsAreNoneOrTheStaticBearerToken() {
        assertEquals("none", FhirAuthSettings.type(Settings.of(Map.of())));
        assertEquals("bearer", FhirAuthSettings.type(Settings.of(Map.of("radbridge.fhir.bearer-token", "t"))));
        Settings.of(Map.of("radbridge.fhir.url", "http://x/fhir")).validate();
        assertEquals("static bearer token",
                FhirAuthSettings.build(Settings.of(Map.of("radbridge.fhir.bearer-token", "t")), null, Duration.ofSeconds(1)).describe());
    }

    @Test
    void aCompleteSmartConfigurationIsAccepted() {
        smart(Map.of()).validate();
        smart(Map.of("radbridge.fhir.auth.algorithm", "es384", "radbridge.fhir.auth.private-key", ecJwk())).validate();
    }

    @Test
    void incompleteOrInconsistentConfigurationsNameTheProperty() {
        assertEquals("radbridge.fhir.auth.type", refusedProperty(smart(Map.of("radbridge.fhir.auth.type", "kerberos"))));
        assertEquals("radbridge.fhir.auth.scope", refusedProperty(smart(Map.of("radbridge.fhir.auth.scope", ""))));
        assertEquals("radbridge.fhir.auth.token-url", refusedProperty(smart(Map.of("radbridge.fhir.auth.token-url", ""))));
        assertEquals("radbridge.fhir.auth.token-url", refusedProperty(smart(Map.of("radbridge.fhir.auth.token-url", "ftp://x"))));
        assertEquals("radbridge.fhir.auth.client-id", refusedProperty(smart(Map.of("radbridge.fhir.auth.client-id", ""))));
        assertEquals("radbridge.fhir.auth.algorithm", refusedProperty(smart(Map.of("radbridge.fhir.auth.algorithm", "HS256"))));
        ConfigException e = assertThrows(ConfigException.class, () -> smart(Map.of("radbridge.fhir.auth.algorithm", "ES384")).validate());
        assertEquals("radbridge.fhir.auth.private-key", e.property(), "an RSA key for ES384");
        assertTrue(e.getMessage().contains("EC key on curve P-384"), e.getMessage());
        assertEquals("radbridge.fhir.auth.private-key", refusedProperty(smart(Map.of("radbridge.fhir.auth.private-key", "/no/such/key.pem"))));
        e = assertThrows(ConfigException.class, () -> smart(Map.of("radbridge.fhir.auth.private-key",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----")).validate());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
        assertEquals("radbridge.fhir.auth.client-secret", refusedProperty(smart(Map.of("radbridge.fhir.auth.type", "client-secret"))));
        e = assertThrows(ConfigException.class, () -> smart(Map.of("radbridge.fhir.auth.type", "client-secret",
                "radbridge.fhir.auth.client-secret", "top-secret", "radbridge.fhir.auth.client-auth", "tls_client_auth")).validate());
        assertEquals("radbridge.fhir.auth.client-auth", e.property());
        assertFalse(e.getMessage().contains("top-secret"), "no secret in the message");
        assertEquals("radbridge.fhir.bearer-token", refusedProperty(smart(Map.of("radbridge.fhir.auth.type", "bearer"))));
    }

    @Test
    void theKeyComesFromTheEnvironmentAsText() {
        Map<String, String> env = new HashMap<>();
        env.put("RADBRIDGE_FHIR_URL", "https://emr.example.org/fhir");
        env.put("RADBRIDGE_FHIR_AUTH_TYPE", "smart-backend");
        env.put("RADBRIDGE_FHIR_AUTH_TOKEN_URL", "https://emr.example.org/token");
        env.put("RADBRIDGE_FHIR_AUTH_CLIENT_ID", "rb");
        env.put("RADBRIDGE_FHIR_AUTH_SCOPE", "system/*.write");
        env.put("RADBRIDGE_FHIR_AUTH_PRIVATE_KEY", PEM_RSA);
        Settings s = Settings.load(null, env, new Properties());
        s.validate();
        assertTrue(FhirAuthSettings.build(s, null, Duration.ofSeconds(1)).describe().contains("private_key_jwt RS384"));
    }

    @Test
    void aJwkGivesItsKeyId() {
        ClientKeys.Loaded k = ClientKeys.load(ecJwk());
        assertEquals("ec-1", k.keyId());
        assertEquals("EC", k.key().getAlgorithm());
        assertEquals("RSA", ClientKeys.load(PEM_RSA).key().getAlgorithm());
    }

    private static String ecJwk() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate().toJSONString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
