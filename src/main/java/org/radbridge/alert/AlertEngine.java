package org.radbridge.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.metrics.Metrics;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules of mappings/alerts.yaml every radbridge.alerts.interval-seconds (docs/alerts.md). A new
 * finding fires: it becomes an {@link ActiveAlert}, is notified once (event fire) and audited; while it stays,
 * it is notified again every repeat-seconds of its rule (event repeat); when a rule's evaluation no longer finds
 * it, it resolves: notified (event resolve), audited, removed. A rule whose evaluation fails keeps its alerts as
 * they are (logged once per episode). Notifier failures are logged once per episode and do not stop the others.
 * {@link #active()} lists the active alerts for GET /api/alerts and the console.
 */
public final class AlertEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private volatile List<AlertRule> rules;
    private final Probes probes;
    private final Map<String, Notifier> notifiers;
    private final AuditTrail audit;
    private final Metrics metrics;
    private final String instance;
    private final Map<String, ActiveAlert> active = new LinkedHashMap<>();
    private final Set<String> failingRules = new HashSet<>();
    private final Set<String> failingNotifiers = new HashSet<>();
    private volatile ScheduledExecutorService scheduler;
    private boolean auditFailing;

    public AlertEngine(List<AlertRule> rules, Probes probes, List<Notifier> notifiers, AuditTrail audit, Metrics metrics, String instance) {
        this.rules = rules;
        this.probes = probes;
        this.notifiers = new HashMap<>();
        for (Notifier n : notifiers) {
            this.notifiers.put(n.name(), n);
        }
        this.audit = audit;
        this.metrics = metrics;
        this.instance = instance;
        metrics.collector(m -> {
            m.clearGauge("radbridge_alerts_active");
            Map<String, Integer> bySeverity = new HashMap<>();
            for (String s : AlertRules.SEVERITIES) {
                bySeverity.put(s, 0);
            }
            for (ActiveAlert a : active()) {
                bySeverity.merge(a.rule().severity(), 1, Integer::sum);
            }
            bySeverity.forEach((s, n) -> m.set("radbridge_alerts_active", "Active alerts (mappings/alerts.yaml) by severity", n, "severity", s));
        });
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /**
     * A configuration reload (mappings/alerts.yaml changed; between evaluations): the new rules are in force from the
     * next evaluation. An active alert of a rule that is gone or changed is resolved (audited and notified) now, so
     * nothing stays "active" that no rule watches any more; a rule that is unchanged keeps its alerts.
     */
    public synchronized void reconfigure(List<AlertRule> next, long now) {
        Set<AlertRule> kept = new HashSet<>(next);
        for (ActiveAlert a : new ArrayList<>(active.values())) {
            if (!kept.contains(a.rule())) {
                active.remove(a.key());
                AlertRule r = a.rule();
                LOG.info("alert {} resolved for {}: its rule was changed or removed by a configuration reload", r.name(), a.subject());
                audit(AuditEvents.alert(instance, Notice.RESOLVE, r.name(), r.kind(), r.severity(), a.subject(),
                        "rule changed or removed by a configuration reload", a.since()));
                sendAll(new Notice(Notice.RESOLVE, a, instance, now));
            }
        }
        this.rules = List.copyOf(next);
    }

    /** The active alerts, oldest first. */
    public synchronized List<ActiveAlert> active() {
        List<ActiveAlert> l = new ArrayList<>(active.values());
        l.sort(Comparator.comparingLong(ActiveAlert::since));
        return l;
    }

    /** Evaluates every rule once; the {@code radbridge-alerts} thread calls this every interval. */
    public synchronized void evaluate(long now) {
        for (AlertRule r : rules) {
            List<Finding> found;
            try {
                found = probes.evaluate(r, now);
                if (failingRules.remove(r.name())) {
                    LOG.info("alert rule {} can be evaluated again", r.name());
                }
            } catch (Exception e) {
                if (failingRules.add(r.name())) {
                    LOG.warn("alert rule {} ({}) cannot be evaluated; its alerts stay as they are", r.name(), r.kind(), e);
                }
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Finding f : found) {
                String key = r.name() + "/" + f.subject();
                seen.add(key);
                ActiveAlert a = active.get(key);
                if (a == null) {
                    a = new ActiveAlert(r, f.subject(), now, f.detail(), now, 1);
                    active.put(key, a);
                    LOG.info("alert {} fired for {}: {}", r.name(), f.subject(), f.detail());
                    audit(AuditEvents.alert(instance, Notice.FIRE, r.name(), r.kind(), r.severity(), f.subject(), f.detail(), now));
                    sendAll(new Notice(Notice.FIRE, a, instance, now));
                } else if (now - a.lastNotified() >= r.repeatMillis()) {
                    a = new ActiveAlert(r, a.subject(), a.since(), f.detail(), now, a.notifications() + 1);
                    active.put(key, a);
                    sendAll(new Notice(Notice.REPEAT, a, instance, now));
                } else {
                    active.put(key, new ActiveAlert(r, a.subject(), a.since(), f.detail(), a.lastNotified(), a.notifications()));
                }
            }
            for (ActiveAlert a : new ArrayList<>(active.values())) {
                if (a.rule().name().equals(r.name()) && !seen.contains(a.key())) {
                    active.remove(a.key());
                    LOG.info("alert {} resolved for {} (active since {})", r.name(), a.subject(), java.time.Instant.ofEpochMilli(a.since()));
                    audit(AuditEvents.alert(instance, Notice.RESOLVE, r.name(), r.kind(), r.severity(), a.subject(), a.detail(),
                            a.since()));
                    sendAll(new Notice(Notice.RESOLVE, a, instance, now));
                }
            }
        }
    }

    /** Audited on its own (the storage rule fires exactly when the database may refuse it): a failure is logged once. */
    private void audit(org.radbridge.audit.AuditEvent e) {
        try {
            audit.record(e);
            auditFailing = false;
        } catch (RuntimeException ex) {
            if (!auditFailing) {
                auditFailing = true;
                LOG.warn("alert audit record not written", ex);
            }
        }
    }

    private void sendAll(Notice n) {
        for (String name : n.alert().rule().notifiers()) {
            Notifier x = notifiers.get(name);
            if (x == null) {
                continue; // not configured (no URL, host...)
            }
            try {
                x.send(n);
                metrics.inc("radbridge_alert_notifications_total", "Alert notifications sent, by notifier and outcome", "notifier", name,
                        "outcome", "sent");
                if (failingNotifiers.remove(name)) {
                    LOG.info("alert notifier {} works again", name);
                }
            } catch (Exception e) {
                metrics.inc("radbridge_alert_notifications_total", "Alert notifications sent, by notifier and outcome", "notifier", name,
                        "outcome", "failed");
                if (failingNotifiers.add(name)) {
                    LOG.warn("alert notifier {} failed (logged once until it works again)", name, e);
                } else {
                    LOG.debug("alert notifier {} failed again: {}", name, e.toString());
                }
            }
        }
    }

    /** Evaluates every {@code intervalSeconds}, first after one interval. */
    public synchronized void start(long intervalSeconds) {
        scheduler = Threads.scheduler("radbridge-alerts");
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                evaluate(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.warn("alert evaluation failed", e);
            }
        }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
