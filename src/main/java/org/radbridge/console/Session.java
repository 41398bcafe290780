package org.radbridge.console;

import org.radbridge.engine.http.Principal;

/**
 * One browser's console session: an unguessable id (the cookie), its CSRF token (OWASP synchronizer token
 * pattern), the signed-in principal (null before sign-in) and, during an OpenID Connect sign-in, the pending
 * state, nonce and PKCE verifier (RFC 7636).
 */
public final class Session {

    private final String id;
    private final String csrf;
    private final long createdAt;
    private volatile long lastSeen;
    private volatile Principal principal;
    private volatile String via;
    private volatile String flash;
    private volatile String token;

    Session(String id, String csrf, long now) {
        this.id = id;
        this.csrf = csrf;
        this.createdAt = now;
        this.lastSeen = now;
    }

    public String id() {
        return id;
    }

    /** The CSRF token every state-changing form of this session carries as {@code _csrf}. */
    public String csrf() {
        return csrf;
    }

    /** Who is signed in, or null. */
    public Principal principal() {
        return principal;
    }

    public boolean signedIn() {
        return principal != null;
    }

    /** How the principal signed in: "token" or "oidc". */
    public String via() {
        return via;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastSeen() {
        return lastSeen;
    }

    void touch(long now) {
        lastSeen = now;
    }

    void signIn(Principal p, String how) {
        this.principal = p;
        this.via = how;
    }

    /** The API token signed in with (kept server-side so that a revoked token ends the session), or null. */
    String token() {
        return token;
    }

    void token(String t) {
        this.token = t;
    }

    /** A one-shot notice shown on the next page (post/redirect/get). */
    public void flash(String message) {
        this.flash = message;
    }

    /** The pending notice, cleared. */
    public String takeFlash() {
        String f = flash;
        flash = null;
        return f;
    }

    /** True when the principal has the role (null role = any signed-in principal). */
    public boolean may(String role) {
        Principal p = principal;
        return p != null && (role == null || p.has(role));
    }
}
