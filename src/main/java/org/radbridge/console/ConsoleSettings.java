package org.radbridge.console;

import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/**
 * The console's properties (docs/console.md): radbridge.console.enabled, .session-idle-minutes, .cookie-secure
 * (auto: Secure when the request came over TLS), and the OpenID Connect sign-in radbridge.console.oidc.*
 * (off while .issuer is empty).
 */
public record ConsoleSettings(boolean enabled, int idleMinutes, String cookieSecure, Oidc oidc) {

    /** OpenID Connect client settings; {@code roleMap} maps an IdP value to a RadBridge role ("IdPValue=role,..."). */
    public record Oidc(String issuer, String clientId, String clientSecret, String rolesClaim, String usernameClaim,
            String redirectUri, String scopes, String roleMap, String label) {

        public boolean enabled() {
            return !issuer.isEmpty();
        }
    }

    public static ConsoleSettings of(Settings s) {
        ConsoleSettings c = new ConsoleSettings(s.getBoolean("radbridge.console.enabled"),
                s.getInt("radbridge.console.session-idle-minutes", 1, 24 * 60),
                s.oneOf("radbridge.console.cookie-secure", "auto", "true", "false"),
                new Oidc(s.get("radbridge.console.oidc.issuer"), s.get("radbridge.console.oidc.client-id"),
                        s.get("radbridge.console.oidc.client-secret"), s.get("radbridge.console.oidc.roles-claim", "roles"),
                        s.get("radbridge.console.oidc.username-claim", "preferred_username"), s.get("radbridge.console.oidc.redirect-uri"),
                        s.get("radbridge.console.oidc.scopes", "openid profile"), s.get("radbridge.console.oidc.role-map"),
                        s.get("radbridge.console.oidc.label", "Sign in with single sign-on")));
        String purposes = s.get("radbridge.console.disclosure-purposes");
        if (!purposes.isBlank() && !purposes.matches("\\s*[^=;]+=[^;]+(;\\s*[^=;]+=[^;]+)*;?\\s*")) {
            throw new ConfigException("radbridge.console.disclosure-purposes", "must be DESTINATION=PURPOSE[;DESTINATION=PURPOSE...]");
        }
        if (c.oidc().enabled()) {
            if (!c.oidc().issuer().startsWith("https://") && !c.oidc().issuer().startsWith("http://")) {
                throw new ConfigException("radbridge.console.oidc.issuer", "must be an http(s) URL");
            }
            if (c.oidc().clientId().isEmpty()) {
                throw new ConfigException("radbridge.console.oidc.client-id", "is required when radbridge.console.oidc.issuer is set");
            }
            String ru = c.oidc().redirectUri();
            if (!ru.isEmpty() && !ru.matches("https?://[^/]+/console/oidc/callback")) {
                throw new ConfigException("radbridge.console.oidc.redirect-uri", "must be http(s)://HOST[:PORT]/console/oidc/callback");
            }
            String map = c.oidc().roleMap();
            if (!map.isEmpty() && !map.matches("\\s*[^=,]+=[a-z-]+\\s*(,\\s*[^=,]+=[a-z-]+\\s*)*")) {
                throw new ConfigException("radbridge.console.oidc.role-map", "must be IDP_VALUE=role[,IDP_VALUE=role...]");
            }
        }
        return c;
    }

    /** Whether the session cookie gets Secure. */
    public boolean secureCookie(boolean requestOverTls) {
        return switch (cookieSecure) {
            case "true" -> true;
            case "false" -> false;
            default -> requestOverTls;
        };
    }

    public long idleMillis() {
        return idleMinutes * 60_000L;
    }
}
