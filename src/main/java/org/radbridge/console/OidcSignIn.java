package org.radbridge.console;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.audit.AuditEvents;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in (OpenID Connect Core 1.0 §3.1, authorization code flow; RFC 7636 PKCE with S256) with the
 * Nimbus SDK: provider metadata from the issuer's discovery document (OpenID Connect Discovery 1.0 §4), the code
 * exchanged at the token endpoint (client_secret_basic when a secret is configured, else a public client), the ID
 * token validated (signature against the provider's JWKS, issuer, audience, expiry, nonce: Core §3.1.3.7). The roles
 * come from the configured claim (a dotted path, e.g. {@code realm_access.roles}) of the ID token, or of the UserInfo
 * answer when the ID token lacks it, mapped by radbridge.console.oidc.role-map; a user without a RadBridge role is not
 * signed in. The principal is {@code oidc:<username>}.
 *
 * <p>The pending sign-in (state, nonce, verifier, where to go next) is kept here by state for 10 minutes and bound to
 * the browser by a cookie (SameSite=Lax so that it comes back with the provider's redirect). The callback answers a
 * page that continues to the console itself, since the SameSite=Strict session cookie is not sent on a navigation that
 * another site started.
 */
final class OidcSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
    static final String BINDING_COOKIE = "rb_oidc";
    private static final long PENDING_MILLIS = 10 * 60_000L;
    private static final int MAX_PENDING = 1000;

    private record Pending(String binding, Nonce nonce, CodeVerifier verifier, String redirectUri, String next, long at) {
    }

    private final Console console;
    private final LoginPages login;
    private final ConsoleSettings.Oidc cfg;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile OIDCProviderMetadata metadata;
    private volatile IDTokenValidator validator;

    OidcSignIn(Console console, LoginPages login, ConsoleSettings.Oidc cfg) {
        this.console = console;
        this.login = login;
        this.cfg = cfg;
    }

    void register() {
        console.open("GET", "/console/oidc/start", this::start);
        console.open("GET", "/console/oidc/callback", this::callback);
    }

    /** The provider's metadata, fetched on first use (and again after a failure). */
    private OIDCProviderMetadata metadata() throws Exception {
        OIDCProviderMetadata m = metadata;
        if (m == null) {
            synchronized (this) {
                if (metadata == null) {
                    OIDCProviderMetadata md = OIDCProviderMetadata.resolve(new Issuer(cfg.issuer()), 5000, 5000);
                    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(md.getJWKSetURI().toURL()).retrying(true).build();
                    Set<JWSAlgorithm> algs = new java.util.HashSet<>(List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
                            JWSAlgorithm.ES512));
                    validator = new IDTokenValidator(md.getIssuer(), new ClientID(cfg.clientId()),
                            new JWSVerificationKeySelector<>(algs, keys), null);
                    validator.setMaxClockSkew(120);
                    metadata = md;
                }
                m = metadata;
            }
        }
        return m;
    }

    private Response start(ConsoleRequest c) {
        OIDCProviderMetadata md;
        try {
            md = metadata();
        } catch (Exception e) {
            LOG.warn("OpenID Connect provider {} unreachable", cfg.issuer(), e);
            return login.form(c, 503, "Single sign-on is unavailable: the identity provider did not answer.");
        }
        long now = System.currentTimeMillis();
        pending.values().removeIf(p -> now - p.at() > PENDING_MILLIS);
        if (pending.size() >= MAX_PENDING) {
            return login.form(c, 503, "Too many sign-ins in progress; try again in a few minutes.");
        }
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        String binding = Sessions.random(24);
        String redirect = redirectUri(c);
        pending.put(state.getValue(), new Pending(binding, nonce, verifier, redirect, LoginPages.next(c.query("next")), now));
        URI to = new AuthenticationRequest.Builder(new ResponseType("code"), Scope.parse(cfg.scopes()), new ClientID(cfg.clientId()),
                URI.create(redirect)).endpointURI(md.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
        String cookie = BINDING_COOKIE + "=" + binding + "; Path=/console/oidc; HttpOnly; SameSite=Lax; Max-Age=600"
                + (console.settings().secureCookie(c.request().secure()) ? "; Secure" : "");
        return new Response(303, "text/plain; charset=utf-8", new byte[0],
                Map.of("Location", List.of(to.toString()), "Set-Cookie", List.of(cookie)));
    }

    private Response callback(ConsoleRequest c) {
        String state = c.query("state");
        Pending p = state == null ? null : pending.remove(state);
        String remote = c.request().remote();
        if (p == null || System.currentTimeMillis() - p.at() > PENDING_MILLIS
                || !Sessions.same(Console.cookie(c.request().header("cookie"), BINDING_COOKIE), p.binding())) {
            return refuse(c, remote, "unknown or expired state", "The single sign-on answer was not expected here; please sign in again.");
        }
        if (c.query("error") != null) {
            return refuse(c, remote, "provider error " + c.query("error"), "The identity provider refused the sign-in ("
                    + c.query("error") + ").");
        }
        if (c.query("code") == null) {
            return refuse(c, remote, "no code", "The identity provider's answer had no authorization code.");
        }
        try {
            OIDCProviderMetadata md = metadata();
            ClientID client = new ClientID(cfg.clientId());
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(c.query("code")), URI.create(p.redirectUri()),
                    p.verifier());
            TokenRequest tr = cfg.clientSecret().isEmpty() ? new TokenRequest(md.getTokenEndpointURI(), client, grant)
                    : new TokenRequest(md.getTokenEndpointURI(), (ClientAuthentication) new ClientSecretBasic(client,
                            new Secret(cfg.clientSecret())), grant);
            HTTPRequest http = tr.toHTTPRequest();
            http.setConnectTimeout(5000);
            http.setReadTimeout(10000);
            TokenResponse resp = OIDCTokenResponseParser.parse(http.send());
            if (!resp.indicatesSuccess()) {
                return refuse(c, remote, "token endpoint: " + resp.toErrorResponse().getErrorObject().getCode(),
                        "The identity provider did not issue tokens (" + resp.toErrorResponse().getErrorObject().getCode() + ").");
            }
            OIDCTokenResponse ok = (OIDCTokenResponse) resp.toSuccessResponse();
            JWT idToken = ok.getOIDCTokens().getIDToken();
            JWTClaimsSet claims = JWTClaimsSet.parse(validator.validate(idToken, p.nonce()).toJSONObject());
            Map<String, Object> all = new LinkedHashMap<>(claims.getClaims());
            if (claim(all, cfg.rolesClaim()) == null && md.getUserInfoEndpointURI() != null) {
                all.putAll(userInfo(md, ok.getOIDCTokens().getBearerAccessToken()));
            }
            Object name = claim(all, cfg.usernameClaim());
            String user = "oidc:" + (name == null ? claims.getSubject() : name.toString());
            Set<String> roles = roles(claim(all, cfg.rolesClaim()), cfg.roleMap());
            if (roles.isEmpty()) {
                console.audit().record(AuditEvents.securityAlert(AuditEvents.ROLE_REFUSED, user, remote, "console", "GET /console/oidc/callback",
                        true, "no RadBridge role in claim " + cfg.rolesClaim(), AuditEvents.fields("status", 403)));
                return login.form(c, 403, "Signed in at the identity provider as " + user.substring(5)
                        + ", but without a RadBridge role (claim " + cfg.rolesClaim() + ").");
            }
            Response r = login.signedIn(c, new Principal(user, roles), "oidc", p.next());
            // continue from a page of our own, so that the SameSite=Strict cookie goes with the next request
            Html h = new Html().f("<meta http-equiv=\"refresh\" content=\"0;url={}\"><p>Signed in. <a href=\"{}\">Continue</a></p>",
                    p.next(), p.next());
            Response page = ConsoleRequest.html(200, Layout.bare("Signed in", h));
            return new Response(200, page.contentType(), page.body(), Map.of("Set-Cookie", r.headers().get("Set-Cookie")));
        } catch (Exception e) {
            LOG.warn("OpenID Connect sign-in failed: {}", e.toString());
            return refuse(c, remote, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "The single sign-on could not be completed: " + e.getClass().getSimpleName() + ".");
        }
    }

    private Map<String, Object> userInfo(OIDCProviderMetadata md, BearerAccessToken token) {
        try {
            HTTPRequest rq = new UserInfoRequest(md.getUserInfoEndpointURI(), token).toHTTPRequest();
            rq.setConnectTimeout(5000);
            rq.setReadTimeout(10000);
            UserInfoResponse r = UserInfoResponse.parse(rq.send());
            return r.indicatesSuccess() ? new LinkedHashMap<>(r.toSuccessResponse().getUserInfo().toJSONObject()) : Map.of();
        } catch (Exception e) {
            LOG.warn("OpenID Connect UserInfo failed", e);
            return Map.of();
        }
    }

    private Response refuse(ConsoleRequest c, String remote, String reason, String shown) {
        console.audit().record(AuditEvents.securityAlert(AuditEvents.INVALID_TOKEN, null, remote, "console", "GET /console/oidc/callback",
                true, "OpenID Connect: " + reason, AuditEvents.fields("status", 401)));
        return login.form(c, 401, shown);
    }

    private String redirectUri(ConsoleRequest c) {
        if (!cfg.redirectUri().isEmpty()) {
            return cfg.redirectUri();
        }
        String host = c.request().header("host");
        return (c.request().secure() ? "https://" : "http://") + host + "/console/oidc/callback";
    }

    /** A claim by dotted path ("realm_access.roles"), or null. */
    static Object claim(Map<String, Object> claims, String path) {
        Object v = claims;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(part);
        }
        return v;
    }

    /** The RadBridge roles of a claim value (a list, or one string of names separated by spaces or commas). */
    static Set<String> roles(Object value, String roleMap) {
        List<String> raw = new ArrayList<>();
        if (value instanceof Collection<?> col) {
            col.forEach(o -> raw.add(String.valueOf(o)));
        } else if (value != null) {
            for (String s : value.toString().split("[\\s,]+")) {
                raw.add(s);
            }
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (roleMap != null && !roleMap.isBlank()) {
            for (String kv : roleMap.split(",")) {
                int eq = kv.indexOf('=');
                map.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = raw.iterator(); it.hasNext();) {
            String r = it.next().trim();
            String mapped = map.isEmpty() ? r : map.get(r);
            if (mapped != null && Principal.ROLES.contains(mapped)) {
                out.add(mapped);
            }
        }
        return out;
    }

}
