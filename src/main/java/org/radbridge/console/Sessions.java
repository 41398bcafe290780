package org.radbridge.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.engine.http.Principal;

/**
 * The console's sessions, in memory (a restart signs everyone out): ids of 256 random bits, an idle timeout
 * (radbridge.console.session-idle-minutes), a new id at sign-in (no session fixation, OWASP Session Management
 * Cheat Sheet "Renew the Session ID After Any Privilege Level Change") and at most {@link #MAX} sessions
 * (the oldest idle ones go first).
 */
public final class Sessions {

    static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final long idleMillis;

    public Sessions(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    /** The live session of a cookie value (touched), or null when unknown or idle too long (then removed). */
    public Session get(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        Session s = byId.get(id);
        if (s == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now - s.lastSeen() > idleMillis) {
            byId.remove(id);
            return null;
        }
        s.touch(now);
        return s;
    }

    /** A new anonymous session (for the sign-in form's CSRF token). */
    public Session create() {
        long now = System.currentTimeMillis();
        if (byId.size() >= MAX) {
            evict(now);
        }
        Session s = new Session(random(32), random(32), now);
        byId.put(s.id(), s);
        return s;
    }

    /** Signs in on a new session id; the old session ends. */
    public Session signIn(Session old, Principal p, String how) {
        if (old != null) {
            byId.remove(old.id());
        }
        Session s = create();
        s.signIn(p, how);
        return s;
    }

    public void end(Session s) {
        if (s != null) {
            byId.remove(s.id());
        }
    }

    public int size() {
        return byId.size();
    }

    public long idleMillis() {
        return idleMillis;
    }

    private void evict(long now) {
        for (Iterator<Session> it = byId.values().iterator(); it.hasNext();) {
            Session s = it.next();
            if (now - s.lastSeen() > idleMillis || !s.signedIn()) {
                it.remove();
            }
        }
        while (byId.size() >= MAX) {
            Session oldest = null;
            for (Session s : byId.values()) {
                if (oldest == null || s.lastSeen() < oldest.lastSeen()) {
                    oldest = s;
                }
            }
            if (oldest == null) {
                break;
            }
            byId.remove(oldest.id());
        }
    }

    /** Random bytes, base64url without padding. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Constant-time comparison of two tokens (null never matches). */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
