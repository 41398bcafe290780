package org.radbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.radbridge.store.Tx;
import org.radbridge.threads.Threads;

/**
 * Rate-limited recording of repeated security alerts (DCM 110113 Security Alert; docs/security.md, "Audit record
 * content"): a port scanner or a client with a stale token would otherwise write one record per attempt (a cipher
 * scan wrote 278). For the kinds in {@link #AGGREGATED} — missing/invalid token, role refused, failed TLS handshake —
 * the first alert of a kind from a peer (its host, without the port) on a listener (or on the API, whatever the path)
 * is recorded at once; the
 * repeats within the interval are only counted, and when the interval ends one summary record is written: same
 * kind, the peer as source, {@code "repeats": N}, reason "N more failed TLS handshakes from X in 60 s". Every
 * other record passes through unchanged, so the chain (one hash-linked record after another, {@link AuditVerifier})
 * is the same: summary records are ordinary records appended in order. Interval 0 records every alert.
 */
public final class SecurityAlerts implements AuditTrail, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Alert kinds that are aggregated per peer. */
    public static final Set<String> AGGREGATED = Set.of(AuditEvents.MISSING_TOKEN, AuditEvents.INVALID_TOKEN,
            AuditEvents.ROLE_REFUSED, AuditEvents.TLS_HANDSHAKE_FAILED);
    /** More distinct peers than this within one interval are counted under the peer "*". */
    static final int MAX_KEYS = 10_000;

    /** Alert kind, peer host, object type and — except for API calls, whose paths vary — the object (the listener). */
    private record Key(String alert, String peer, String objectType, String object) {
    }

    private static final class Window {
        final long start;
        final AuditEvent first;
        long repeats;

        Window(long start, AuditEvent first) {
            this.start = start;
            this.first = first;
        }
    }

    private final AuditTrail trail;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<Key, Window> windows = new HashMap<>();
    private final ScheduledExecutorService flusher;

    /** With a flusher thread that writes the summaries of ended intervals. */
    public SecurityAlerts(AuditTrail trail, long intervalMillis) {
        this(trail, intervalMillis, System::currentTimeMillis, true);
    }

    SecurityAlerts(AuditTrail trail, long intervalMillis, LongSupplier clock, boolean flushThread) {
        this.trail = trail;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        if (flushThread && intervalMillis > 0) {
            flusher = Threads.scheduler("radbridge-security-alerts");
            long every = Math.max(100, intervalMillis / 4);
            flusher.scheduleWithFixedDelay(this::flushSafely, every, every, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    @Override
    public void record(Tx tx, AuditEvent e) throws Exception {
        trail.record(tx, e);
    }

    /** Records {@code e}, or counts it when it repeats an alert of the same kind from the same peer in the interval. */
    @Override
    public void record(AuditEvent e) {
        Key key = intervalMillis > 0 ? keyOf(e) : null;
        if (key == null) {
            trail.record(e);
            return;
        }
        AuditEvent summary = null;
        synchronized (this) {
            long now = clock.getAsLong();
            Window w = windows.get(key);
            if (w == null && windows.size() >= MAX_KEYS) {
                key = new Key(key.alert(), "*", key.objectType(), key.object());
                w = windows.get(key);
            }
            if (w != null && now - w.start < intervalMillis) {
                w.repeats++;
                return;
            }
            if (w != null && w.repeats > 0) {
                summary = summary(key, w, now);
            }
            windows.put(key, new Window(now, e));
        }
        if (summary != null) {
            trail.record(summary);
        }
        trail.record(e);
    }

    /** Writes the summaries of the intervals that have ended (called by the flusher, and by tests). */
    public void flush() {
        List<AuditEvent> out = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            windows.entrySet().removeIf(en -> {
                Window w = en.getValue();
                if (now - w.start < intervalMillis) {
                    return false;
                }
                if (w.repeats > 0) {
                    out.add(summary(en.getKey(), w, now));
                }
                return true;
            });
        }
        out.forEach(trail::record);
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SecurityAlerts.class).error("security alert summaries not written: {}", e.toString());
        }
    }

    private AuditEvent summary(Key k, Window w, long now) {
        long seconds = Math.max(1, (Math.min(now, w.start + intervalMillis) - w.start + 999) / 1000);
        String reason = w.repeats + " more " + label(k.alert()) + " from " + k.peer() + " in " + seconds + " s";
        return AuditEvents.securityAlert(k.alert(), null, k.peer(), k.objectType(), w.first.objectId(), true, reason,
                AuditEvents.fields("summary", true, "repeats", w.repeats, "intervalSeconds", seconds));
    }

    static String label(String alert) {
        return switch (alert) {
            case AuditEvents.TLS_HANDSHAKE_FAILED -> "failed TLS handshakes";
            case AuditEvents.MISSING_TOKEN -> "calls without a token";
            case AuditEvents.INVALID_TOKEN -> "calls with an invalid token";
            case AuditEvents.ROLE_REFUSED -> "calls refused for lack of a role";
            default -> alert + " alerts";
        };
    }

    private static Key keyOf(AuditEvent e) {
        if (!AuditEvent.SECURITY_ALERT.equals(e.type()) || e.detail() == null) {
            return null;
        }
        String alert;
        try {
            JsonNode d = JSON.readTree(e.detail());
            alert = d.path("alert").asText("");
        } catch (Exception ex) {
            return null;
        }
        if (!AGGREGATED.contains(alert)) {
            return null;
        }
        String type = String.valueOf(e.objectType());
        return new Key(alert, host(e.source()), type, "api".equals(type) ? "" : String.valueOf(e.objectId()));
    }

    /**
     * The host of an address as {@code InetSocketAddress.toString()} writes it ("name/10.0.0.1:4711",
     * "/[::1]:4711") or as given ("10.0.0.1"): the part after the last '/', without a ":port" suffix.
     */
    static String host(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        String a = address.substring(address.lastIndexOf('/') + 1);
        int colon = a.lastIndexOf(':');
        boolean bracketed = a.startsWith("[");
        if (colon > 0 && (bracketed ? a.charAt(colon - 1) == ']' : a.indexOf(':') == colon) && digits(a, colon + 1)) {
            a = a.substring(0, colon);
        }
        if (bracketed && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.isEmpty() ? "unknown" : a;
    }

    private static boolean digits(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Writes every pending summary (at stop). */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        List<AuditEvent> out = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            windows.forEach((k, w) -> {
                if (w.repeats > 0) {
                    out.add(summary(k, w, now));
                }
            });
            windows.clear();
        }
        for (AuditEvent e : out) {
            try {
                trail.record(e);
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(SecurityAlerts.class).error("security alert summary not written at stop: {}", ex.toString());
            }
        }
    }
}
