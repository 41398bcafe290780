package org.radbridge.fhir.auth;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/**
 * Builds the FHIR destination's {@link FhirAuth} from radbridge.fhir.auth.* (docs/fhir.md, "Authentication") and
 * refuses an incomplete or inconsistent configuration at start with the property's name:
 * type none | bearer | client-secret | smart-backend (empty: bearer when radbridge.fhir.bearer-token is set, else
 * none); token-url, client-id; client-secret and client-auth (client_secret_basic | client_secret_post) for
 * client-secret; private-key (file or the key itself), key-id, algorithm (RS384 | ES384) for smart-backend; scope.
 */
public final class FhirAuthSettings {

    private static final String P = "radbridge.fhir.auth.";

    private FhirAuthSettings() {
    }

    /** The type after defaults: none, bearer, client-secret or smart-backend. */
    public static String type(Settings s) {
        String t = s.get(P + "type", "").trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return s.get("radbridge.fhir.bearer-token", "").isBlank() ? "none" : "bearer";
        }
        if (!t.equals("none") && !t.equals("bearer") && !t.equals("client-secret") && !t.equals("smart-backend")) {
            throw new ConfigException(P + "type", "must be none, bearer, client-secret or smart-backend, is " + t);
        }
        return t;
    }

    /** Validates without building (Settings.validate). */
    public static void validate(Settings s) {
        build(s, null, Duration.ofSeconds(1)); // nothing is sent: the client is only kept
    }

    public static FhirAuth build(Settings s, HttpClient http, Duration timeout) {
        String type = type(s);
        switch (type) {
            case "none" -> {
                return FhirAuth.NONE;
            }
            case "bearer" -> {
                String token = s.get("radbridge.fhir.bearer-token", "");
                if (token.isBlank()) {
                    throw new ConfigException("radbridge.fhir.bearer-token", "is required with " + P + "type=bearer");
                }
                return FhirAuth.bearer(token);
            }
            default -> {
                String tokenUrl = required(s, "token-url");
                if (!tokenUrl.startsWith("https://") && !tokenUrl.startsWith("http://")) {
                    throw new ConfigException(P + "token-url", "must be an http(s) URL, is " + tokenUrl);
                }
                String clientId = required(s, "client-id");
                String scope = s.get(P + "scope", "").trim();
                ClientAuthentication client;
                if (type.equals("client-secret")) {
                    String secret = required(s, "client-secret");
                    String method = s.get(P + "client-auth", "client_secret_basic").trim();
                    client = switch (method) {
                        case "client_secret_basic", "" -> ClientAuthentication.secretBasic(clientId, secret);
                        case "client_secret_post" -> ClientAuthentication.secretPost(clientId, secret);
                        default -> throw new ConfigException(P + "client-auth",
                                "must be client_secret_basic or client_secret_post, is " + method);
                    };
                } else {
                    if (scope.isEmpty()) {
                        throw new ConfigException(P + "scope", "is required with smart-backend (e.g. system/*.write)");
                    }
                    ClientKeys.Loaded key;
                    try {
                        key = ClientKeys.load(required(s, "private-key"));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(P + "private-key", e.getMessage());
                    }
                    String algorithm = s.get(P + "algorithm", "RS384").trim().toUpperCase(Locale.ROOT);
                    if (!algorithm.equals("RS384") && !algorithm.equals("ES384")) {
                        throw new ConfigException(P + "algorithm", "must be RS384 or ES384, is " + algorithm);
                    }
                    String kid = s.get(P + "key-id", "").isBlank() ? key.keyId() : s.get(P + "key-id").trim();
                    try {
                        client = new PrivateKeyJwt(clientId, tokenUrl, kid, algorithm, key.key());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(P + "private-key", e.getMessage());
                    }
                }
                return new ClientCredentials(tokenUrl, scope, client, http, timeout);
            }
        }
    }

    private static String required(Settings s, String name) {
        String v = s.get(P + name, "");
        if (v.isBlank()) {
            throw new ConfigException(P + name, "is required with " + P + "type=" + type(s));
        }
        return v.trim();
    }
}
