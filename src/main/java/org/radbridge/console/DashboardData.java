package org.radbridge.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.radbridge.engine.EngineContext;
import org.radbridge.audit.AuditEvent;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Journal;
import org.radbridge.store.Tx;

/**
 * The dashboard's figures, computed by a few aggregate queries over the last hour (journal by received_at, audit trail
 * by at: both indexed) and kept {@value #TTL_MILLIS} ms, so that many open dashboards cost one computation.
 */
final class DashboardData {

    static final long HOUR = 3_600_000L;
    static final int BUCKETS = 12;
    static final long BUCKET = HOUR / BUCKETS;
    static final long TTL_MILLIS = 5_000;

    /** Counts per five-minute bucket, oldest first. */
    static final class Series {
        final long[] ok = new long[BUCKETS];
        final long[] failed = new long[BUCKETS];
        final long[] pending = new long[BUCKETS];

        long ok() {
            return sum(ok);
        }

        long failed() {
            return sum(failed);
        }

        long pending() {
            return sum(pending);
        }

        long total() {
            return ok() + failed() + pending();
        }

        private static long sum(long[] a) {
            long s = 0;
            for (long v : a) {
                s += v;
            }
            return s;
        }
    }

    record Peer(String name, long lastHour, long lastAt, boolean known) {
    }

    record Mwl(String callingAe, long queries, long lastAt) {
    }

    final long at;
    final Map<String, Series> flows = new TreeMap<>();
    final Map<String, Series> destinations = new TreeMap<>();
    final Series all = new Series();
    final Map<String, Outbox.Stats> outbox;
    final List<Peer> peers = new ArrayList<>();
    final List<Mwl> mwl = new ArrayList<>();
    final Map<String, Double> mllpConnections = new TreeMap<>();

    private DashboardData(long at, Map<String, Outbox.Stats> outbox) {
        this.at = at;
        this.outbox = outbox;
    }

    private static volatile DashboardData cached;

    static DashboardData get(EngineContext ctx) {
        DashboardData d = cached;
        long now = System.currentTimeMillis();
        if (d == null || now - d.at > TTL_MILLIS) {
            synchronized (DashboardData.class) {
                d = cached;
                if (d == null || now - d.at > TTL_MILLIS) {
                    d = compute(ctx, now);
                    cached = d;
                }
            }
        }
        return d;
    }

    static DashboardData compute(EngineContext ctx, long now) {
        Map<String, Outbox.Stats> stats = new TreeMap<>(ctx.outbox().stats());
        for (String name : ctx.workers().destinations().keySet()) {
            stats.putIfAbsent(name, new Outbox.Stats(name, 0, 0, 0, false));
        }
        DashboardData d = new DashboardData(now, stats);
        long since = now - HOUR;
        Map<String, long[]> senders = new TreeMap<>();
        ctx.db().read(c -> {
            for (Object[] r : Tx.query(c, "SELECT flows, state, (received_at - ?) / ? AS b, COUNT(*), sender, MAX(received_at) FROM messages "
                    + "WHERE received_at >= ? GROUP BY flows, state, b, sender",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getLong(6)},
                    since, BUCKET, since)) {
                int b = (int) Math.min(BUCKETS - 1, Math.max(0, (Long) r[2]));
                long n = (Long) r[3];
                String state = (String) r[1];
                String flows = r[0] == null || ((String) r[0]).isEmpty() ? "(none: refused)" : (String) r[0];
                for (String f : flows.split(",")) {
                    add(d.flows.computeIfAbsent(f.trim(), k -> new Series()), state, b, n);
                }
                add(d.all, state, b, n);
                long[] s = senders.computeIfAbsent((String) r[4], k -> new long[2]);
                s[0] += n;
                s[1] = Math.max(s[1], (Long) r[5]);
            }
            for (Object[] r : Tx.query(c, "SELECT o.destination, a.outcome, (a.at - ?) / ? AS b, COUNT(*) FROM audit_events a "
                    + "JOIN outbox o ON o.id = CAST(a.object_id AS BIGINT) WHERE a.at >= ? AND a.type = ? GROUP BY o.destination, a.outcome, b",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)},
                    since, BUCKET, since, AuditEvent.TRANSMISSION_OUTCOME)) {
                Series s = d.destinations.computeIfAbsent((String) r[0], k -> new Series());
                int b = (int) Math.min(BUCKETS - 1, Math.max(0, (Long) r[2]));
                if (AuditEvent.SUCCESS.equals(r[1])) {
                    s.ok[b] += (Long) r[3];
                } else {
                    s.failed[b] += (Long) r[3];
                }
            }
            for (Object[] r : Tx.query(c, "SELECT principal, COUNT(*), MAX(at) FROM audit_events WHERE at >= ? AND type = ? GROUP BY principal "
                    + "ORDER BY principal", rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)}, since, AuditEvent.QUERY)) {
                d.mwl.add(new Mwl((String) r[0], (Long) r[1], (Long) r[2]));
            }
            // senders seen in the hour under their peer names; known peers not seen: their last message ever
            Map<String, long[]> byPeer = new TreeMap<>();
            java.util.Set<String> known = new java.util.HashSet<>();
            senders.forEach((sender, v) -> {
                int bar = sender.indexOf('|');
                Hl7Peer p = bar < 0 ? null : ctx.hl7Peers().match(sender.substring(0, bar), sender.substring(bar + 1));
                String name = p != null && p.known() ? p.name() : sender;
                if (p != null && p.known()) {
                    known.add(name);
                }
                long[] t = byPeer.computeIfAbsent(name, k -> new long[2]);
                t[0] += v[0];
                t[1] = Math.max(t[1], v[1]);
            });
            byPeer.forEach((name, v) -> d.peers.add(new Peer(name, v[0], v[1], known.contains(name))));
            for (Hl7Peer p : ctx.hl7Peers().all()) {
                if (p.known() && !byPeer.containsKey(p.name())) {
                    List<Long> last = Tx.query(c, "SELECT MAX(received_at) FROM messages WHERE sender = ?", rs -> rs.getLong(1),
                            p.application() + "|" + p.facility());
                    d.peers.add(new Peer(p.name(), 0, last.isEmpty() ? 0 : last.get(0), true));
                }
            }
            return null;
        });
        d.peers.sort((a, b) -> a.name().compareTo(b.name()));
        for (String line : ctx.metrics().scrape().split("\n")) {
            if (line.startsWith("radbridge_mllp_connections{")) {
                int sp = line.lastIndexOf(' ');
                String labels = line.substring(line.indexOf('{') + 1, line.indexOf('}'));
                try {
                    d.mllpConnections.put(labels.replaceAll(".*listener=\"([^\"]*)\".*", "$1"), Double.parseDouble(line.substring(sp + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return d;
    }

    private static void add(Series s, String state, int b, long n) {
        switch (state) {
            case Journal.PROCESSED, Journal.DUPLICATE -> s.ok[b] += n;
            case Journal.REJECTED, Journal.FAILED -> s.failed[b] += n;
            default -> s.pending[b] += n;
        }
    }
}
