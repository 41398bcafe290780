package org.radbridge.alert;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;

/**
 * The rule kinds of docs/alerts.md: each reads the engine's state (outbox statistics, the journal, the
 * audit chain check, the writer's health, the data directory's file store, the TLS keystore) and answers
 * what is wrong now, one {@link Finding} per subject. Details name destinations, peers and counts, never patient data.
 */
public final class Probes {

    /** What the probes read. {@code chainStatus} answers null when the audit chain is fine, else why not. */
    public record Sources(Db db, Outbox outbox, Hl7Peers peers, Supplier<String> chainProblem, Path dataDir, Path keystore,
            String keystorePassword) {
    }

    private final Sources src;

    public Probes(Sources src) {
        this.src = src;
    }

    public List<Finding> evaluate(AlertRule r, long now) throws Exception {
        return switch (r.kind()) {
            case "dead-letter" -> deadLetters();
            case "destination-paused" -> paused();
            case "outbox-age" -> outboxAge(now, (long) (r.number("max-age-minutes", 30) * 60_000));
            case "error-rate" -> errorRate(now, r);
            case "peer-silent" -> silentPeers(now, r);
            case "audit-chain" -> auditChain();
            case "storage" -> storage(r);
            case "certificate-expiring" -> certificates(now, r.number("days", 30));
            default -> throw new IllegalStateException("unknown kind " + r.kind());
        };
    }

    private List<Finding> deadLetters() {
        List<Finding> out = new ArrayList<>();
        for (Outbox.Stats s : src.outbox().stats().values()) {
            if (s.dead() > 0) {
                out.add(new Finding(s.destination(), s.dead() + " dead-lettered outbox entries"));
            }
        }
        return out;
    }

    private List<Finding> paused() {
        List<Finding> out = new ArrayList<>();
        for (Outbox.Stats s : src.outbox().stats().values()) {
            if (s.paused()) {
                out.add(new Finding(s.destination(), "destination paused, " + s.depth() + " entries waiting"));
            }
        }
        return out;
    }

    private List<Finding> outboxAge(long now, long maxMillis) {
        List<Finding> out = new ArrayList<>();
        for (Outbox.Stats s : src.outbox().stats().values()) {
            if (s.oldestCreatedAt() > 0 && now - s.oldestCreatedAt() > maxMillis) {
                out.add(new Finding(s.destination(), "oldest unfinished entry is " + (now - s.oldestCreatedAt()) / 60_000
                        + " minutes old (limit " + maxMillis / 60_000 + "), " + s.depth() + " waiting, " + s.dead() + " dead"));
            }
        }
        return out;
    }

    /** Messages answered AE/AR or failed after AA, among those received in the window. */
    private List<Finding> errorRate(long now, AlertRule r) {
        long since = now - (long) (r.number("window-minutes", 15) * 60_000);
        long[] c = src.db().read(conn -> Tx.query(conn, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN COALESCE(ack_code,'AR')<>'AA' "
                + "OR state='FAILED' THEN 1 ELSE 0 END),0) FROM messages WHERE received_at>=?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, since).get(0));
        double max = r.number("max-percent", 5);
        if (c[0] == 0 || c[0] < r.number("min-messages", 10)) {
            return List.of();
        }
        double pct = 100.0 * c[1] / c[0];
        return pct > max ? List.of(new Finding("intake", String.format(java.util.Locale.ROOT,
                "%.1f%% of %d messages in the last %.0f minutes not accepted or failed (limit %.1f%%)", pct, c[0],
                r.number("window-minutes", 15), max))) : List.of();
    }

    /** Known senders (all, or those listed under {@code peers}) with no message for silent-minutes, within working hours. */
    private List<Finding> silentPeers(long now, AlertRule r) {
        if (!WorkingHours.of(r.params().get("working-hours")).contains(now)) {
            return List.of();
        }
        long minutes = (long) r.number("silent-minutes", 60);
        List<String> wanted = new ArrayList<>();
        r.params().path("peers").forEach(n -> wanted.add(n.asText()));
        Map<String, Long> last = new HashMap<>();
        for (Object[] row : src.db().read(c -> Tx.query(c, "SELECT sender, MAX(received_at) FROM messages WHERE received_at>=? "
                + "GROUP BY sender", rs -> new Object[] {rs.getString(1), rs.getLong(2)}, now - minutes * 60_000))) {
            String sender = (String) row[0];
            int bar = sender.indexOf('|');
            Hl7Peer p = src.peers().match(bar < 0 ? sender : sender.substring(0, bar), bar < 0 ? "" : sender.substring(bar + 1));
            if (p.known()) {
                last.merge(p.name(), (Long) row[1], Math::max);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Hl7Peer p : src.peers().all()) {
            if ((wanted.isEmpty() || wanted.contains("*") || wanted.contains(p.name())) && !last.containsKey(p.name())) {
                out.add(new Finding(p.name(), "no message from " + p.name() + " for " + minutes + " minutes"));
            }
        }
        return out;
    }

    private List<Finding> auditChain() {
        String problem = src.chainProblem().get();
        return problem == null ? List.of() : List.of(new Finding("audit-trail", problem));
    }

    /** The writer cannot commit, or the data directory's file system is nearly full. */
    private List<Finding> storage(AlertRule r) throws IOException {
        List<Finding> out = new ArrayList<>();
        Db.Health h = src.db().health();
        if (!h.up()) {
            out.add(new Finding("database", h.detail()));
        }
        FileStore fs = Files.getFileStore(src.dataDir());
        long free = fs.getUsableSpace();
        long total = fs.getTotalSpace();
        double pct = total == 0 ? 100 : 100.0 * free / total;
        double minPct = r.number("min-free-percent", 10);
        double minMb = r.number("min-free-mb", 1024);
        if (pct < minPct || free < minMb * 1024 * 1024) {
            out.add(new Finding("data-dir", String.format(java.util.Locale.ROOT, "%d MB free (%.1f%%) on the data directory's file "
                    + "system (limits %.0f MB, %.1f%%)", free / (1024 * 1024), pct, minMb, minPct)));
        }
        return out;
    }

    /** Certificates of radbridge.tls.keystore that expire within {@code days} (or have expired). */
    private List<Finding> certificates(long now, double days) throws Exception {
        if (src.keystore() == null) {
            return List.of();
        }
        KeyStore ks = KeyStore.getInstance(src.keystore().toFile(), src.keystorePassword() == null ? null
                : src.keystorePassword().toCharArray());
        List<Finding> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            Certificate[] chain = ks.getCertificateChain(alias);
            Certificate[] certs = chain != null ? chain : new Certificate[] {ks.getCertificate(alias)};
            for (Certificate c : certs) {
                if (c instanceof X509Certificate x) {
                    long left = x.getNotAfter().getTime() - now;
                    if (left < days * 86_400_000L) {
                        out.add(new Finding(alias + ":" + x.getSerialNumber().toString(16), (left < 0 ? "expired" : "expires in "
                                + left / 86_400_000L + " days") + " on " + x.getNotAfter().toInstant() + ": "
                                + x.getSubjectX500Principal().getName()));
                    }
                }
            }
        }
        return out;
    }
}
