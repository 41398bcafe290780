package org.radbridge.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.engine.Reprocessor;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Health;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.OutboxWorkers;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;

/**
 * The foundation's endpoints of design.md §3: /health, /metrics, the journal (/api/messages), the outbox
 * and its operator actions, destination pause/resume, and the audit trail. Operator actions are audited
 * with the principal.
 */
public final class CoreApi implements Health {

    private final Db db;
    private final Journal journal;
    private final Outbox outbox;
    private final OutboxWorkers workers;
    private final AuditTrail audit;
    private final Metrics metrics;
    private final Reprocessor reprocessor;
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean draining;

    public CoreApi(Db db, Journal journal, Outbox outbox, OutboxWorkers workers, AuditTrail audit, Metrics metrics,
            Reprocessor reprocessor) {
        this.db = db;
        this.journal = journal;
        this.outbox = outbox;
        this.workers = workers;
        this.audit = audit;
        this.metrics = metrics;
        this.reprocessor = reprocessor;
    }

    @Override
    public void addCheck(HealthCheck c) {
        checks.add(c);
    }

    /** Every listener and worker started: /health/ready may answer 200. */
    public void started() {
        started = true;
    }

    /** A graceful stop began: /health/ready answers 503 from now on (/health/live stays 200). */
    public void draining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    public void register(HttpRoutes s) {
        s.route("GET", "/health", null, r -> health());
        s.route("GET", "/health/live", null, r -> live());
        s.route("GET", "/health/ready", null, r -> ready());
        s.route("GET", "/metrics", null, r -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        s.route("GET", "/api/messages", Principal.PHI_READ, this::messages);
        s.route("GET", "/api/messages/{id}", Principal.PHI_READ, this::message);
        s.route("POST", "/api/messages/{id}/reprocess", Principal.REPLAY, this::reprocess);
        s.route("GET", "/api/outbox", Principal.PHI_READ, this::outboxList);
        s.route("GET", "/api/outbox/{id}", Principal.PHI_READ, this::outboxEntry);
        s.route("POST", "/api/outbox/{id}/retry", Principal.REPLAY, r -> outboxAction(r, "retry"));
        s.route("POST", "/api/outbox/{id}/skip", Principal.REPLAY, r -> outboxAction(r, "skip"));
        s.route("POST", "/api/outbox/{id}/redeliver", Principal.REPLAY, r -> outboxAction(r, "redeliver"));
        s.route("POST", "/api/destinations/{name}/pause", Principal.ADMIN, r -> pause(r, true));
        s.route("POST", "/api/destinations/{name}/resume", Principal.ADMIN, r -> pause(r, false));
        s.route("GET", "/api/destinations", Principal.PHI_READ, r -> Response.json(200, outbox.stats().values()));
        if (audit instanceof JdbcAuditTrail jat) {
            s.route("GET", "/api/audit", Principal.ADMIN, r -> auditList(r, jat));
        }
    }

    /** Runs a stored message through its flows again (POST /api/messages/{id}/reprocess; the console's button). */
    public Reprocessor reprocessor() {
        return reprocessor;
    }

    private Response health() {
        Map<String, Object> out = healthReport();
        return Response.json("UP".equals(out.get("status")) ? 200 : 503, out);
    }

    /** What /health answers: {"status": UP|DOWN, "checks": {name: {"status", "detail"}}} (the console shows it too). */
    @Override
    public Map<String, Object> healthReport() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        Db.Health storage = db.health(); // DOWN with the last error while the writer cannot store
        boolean up = storage.up();
        c.put("database", Map.of("status", up ? "UP" : "DOWN", "detail", storage.detail()));
        for (HealthCheck h : checks) {
            HealthCheck.Result res;
            try {
                res = h.check();
            } catch (RuntimeException e) {
                res = new HealthCheck.Result(false, e.toString());
            }
            up &= res.up();
            c.put(h.name(), Map.of("status", res.status(), "detail", res.detail() == null ? "" : res.detail()));
        }
        out.put("status", up ? "UP" : "DOWN");
        out.put("checks", c);
        return out;
    }

    /** Liveness: the process answers HTTP (a Kubernetes liveness probe restarts it when this stops answering). */
    private Response live() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "UP");
        out.put("draining", draining);
        return Response.json(200, out);
    }

    /**
     * Readiness: started (migrations applied, listeners bound), storage writable, every listener check UP, and not
     * draining for a graceful stop. 200 or 503 with the checks, like /health.
     */
    private Response ready() {
        Map<String, Object> c = new LinkedHashMap<>();
        boolean up = started && !draining;
        c.put("engine", Map.of("status", up ? "UP" : "DOWN", "detail", draining ? "draining (graceful stop)"
                : started ? "started, migrations applied" : "starting"));
        Db.Health storage = db.health();
        up &= storage.up();
        c.put("database", Map.of("status", storage.up() ? "UP" : "DOWN", "detail", storage.detail()));
        for (HealthCheck h : checks) {
            if (!h.readiness()) {
                continue;
            }
            HealthCheck.Result res;
            try {
                res = h.check();
            } catch (RuntimeException e) {
                res = new HealthCheck.Result(false, e.toString());
            }
            up &= res.up();
            c.put(h.name(), Map.of("status", res.up() ? "UP" : "DOWN", "detail", res.detail() == null ? "" : res.detail()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", up ? "UP" : "DOWN");
        out.put("checks", c);
        return Response.json(up ? 200 : 503, out);
    }

    private Response messages(Request r) {
        Long since = r.query("since") == null ? null : parseTime("since", r.query("since"));
        String patient = r.query("patientId");
        List<JournalRow> rows = journal.search(db, new Journal.Filter(r.query("type"), r.query("status"),
                patient, r.query("accession"), r.query("controlId"), since,
                r.longQuery("before"), intQuery(r, "limit", 100)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JournalRow j : rows) {
            out.add(summary(j));
        }
        return Response.json(200, out);
    }

    static Map<String, Object> summary(JournalRow j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("receivedAt", Instant.ofEpochMilli(j.receivedAt()).toString());
        m.put("channel", j.channel());
        m.put("sender", j.sender());
        m.put("controlId", j.controlId());
        m.put("type", j.messageType());
        m.put("version", j.version());
        m.put("ackMode", j.ackMode());
        m.put("flows", j.flows());
        m.put("state", j.state());
        m.put("ack", j.ackCode());
        if (j.errorCode() != null) {
            m.put("errorCode", j.errorCode());
            m.put("error", j.errorText());
        }
        if (j.collision()) {
            m.put("controlIdCollision", true);
        }
        if (j.duplicateOf() != null) {
            m.put("duplicateOf", j.duplicateOf());
        }
        m.put("patientId", j.patientKey());
        m.put("accession", j.accession());
        m.put("order", j.orderKey());
        m.put("size", j.rawSize());
        return m;
    }

    private Response message(Request r) {
        long id = r.longParam("id");
        JournalRow j = journal.get(db, id);
        if (j == null) {
            throw new ApiException(404, "not found", "no message " + id);
        }
        Map<String, Object> m = summary(j);
        m.put("charset", j.charset());
        m.put("raw", j.raw() == null ? null : new String(j.raw(), j.charset() == null ? StandardCharsets.UTF_8
                : java.nio.charset.Charset.forName(j.charset())));
        m.put("acknowledgement", j.ackText());
        m.put("configDigest", journal.configDigest(db, id));
        m.put("history", journal.events(db, id));
        List<Map<String, Object>> caused = new ArrayList<>();
        for (OutboxEntry e : outbox.list(null, null, id, 1000)) {
            Map<String, Object> o = outboxSummary(e);
            o.put("attempts", outbox.attempts(e.id()));
            caused.add(o);
        }
        m.put("outbox", caused);
        return Response.json(200, m);
    }

    private Response reprocess(Request r) throws Exception {
        long id = r.longParam("id");
        boolean force = "true".equalsIgnoreCase(r.query("force"));
        try {
            String result = reprocessor.reprocess(id, force, r.principal().name());
            audit.record(new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, r.principal().name(), r.remote(),
                    null, "hl7-message", String.valueOf(id), "{\"action\":\"reprocess\",\"force\":" + force + "}"));
            return Response.json(200, Map.of("id", id, "result", result));
        } catch (org.radbridge.intake.StoredMessages.Refused e) {
            audit.record(new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.MINOR_FAILURE, r.principal().name(), r.remote(),
                    null, "hl7-message", String.valueOf(id), "{\"action\":\"reprocess\",\"refused\":true}"));
            throw new ApiException(e.status, "reprocess refused", e.getMessage());
        } catch (org.radbridge.hl7.Hl7Error e) {
            audit.record(new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.MINOR_FAILURE, r.principal().name(), r.remote(),
                    null, "hl7-message", String.valueOf(id), "{\"action\":\"reprocess\",\"failed\":true}"));
            throw new ApiException(422, "reprocess failed", e.ackCode() + " " + e.code().value + ": " + e.text());
        }
    }

    static Map<String, Object> outboxSummary(OutboxEntry e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", e.id());
        o.put("destination", e.destination());
        o.put("orderingKey", e.orderingKey());
        o.put("kind", e.kind());
        o.put("state", e.state());
        o.put("attempts", e.attempts());
        o.put("messageId", e.messageId());
        o.put("controlId", e.controlId());
        o.put("createdAt", Instant.ofEpochMilli(e.createdAt()).toString());
        o.put("nextAttemptAt", Instant.ofEpochMilli(e.nextAttemptAt()).toString());
        o.put("lastOutcome", e.lastOutcome());
        o.put("lastError", e.lastError());
        return o;
    }

    private Response outboxList(Request r) {
        List<Map<String, Object>> out = new ArrayList<>();
        String state = r.query("state");
        for (OutboxEntry e : outbox.list(r.query("destination"), state == null ? null : state.toUpperCase(java.util.Locale.ROOT),
                null, intQuery(r, "limit", 100))) {
            out.add(outboxSummary(e));
        }
        return Response.json(200, out);
    }

    private Response outboxEntry(Request r) {
        OutboxEntry e = outbox.get(r.longParam("id"));
        if (e == null) {
            throw new ApiException(404, "not found", "no outbox entry " + r.param("id"));
        }
        Map<String, Object> o = outboxSummary(e);
        o.put("contentType", e.contentType());
        o.put("payload", e.payloadText());
        o.put("attemptsLog", outbox.attempts(e.id()));
        return Response.json(200, o);
    }

    private Response outboxAction(Request r, String action) {
        long id = r.longParam("id");
        boolean newControlId = "true".equalsIgnoreCase(r.query("newControlId"));
        String principal = r.principal().name();
        Object result = db.writeAndWait(tx -> {
            Object res;
            switch (action) {
                case "retry" -> res = outbox.retry(tx, id);
                case "skip" -> res = outbox.skip(tx, id);
                default -> res = outbox.redeliver(tx, id, newControlId ? "R" + id + "-" + System.currentTimeMillis() : null);
            }
            audit.record(tx, new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, principal, r.remote(), null,
                    "outbox-entry", String.valueOf(id), "{\"action\":\"" + action + "\",\"result\":\"" + res + "\"}"));
            return res;
        });
        if (Boolean.FALSE.equals(result) || Long.valueOf(-1).equals(result)) {
            throw new ApiException(409, action + " not possible", "entry " + id + " does not exist or is not in a state that allows " + action);
        }
        OutboxEntry e = outbox.get(id);
        if (e != null) {
            workers.wake(e.destination());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("action", action);
        if (result instanceof Long newId) {
            m.put("newEntryId", newId);
        }
        return Response.json(200, m);
    }

    private Response pause(Request r, boolean paused) {
        String name = r.param("name");
        if (workers.destination(name) == null) {
            throw new ApiException(404, "not found", "no destination " + name);
        }
        String principal = r.principal().name();
        db.writeAndWait(tx -> {
            outbox.pause(tx, name, paused, paused ? "paused by " + principal : null, principal);
            audit.record(tx, new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, principal, r.remote(), null,
                    "destination", name, "{\"action\":\"" + (paused ? "pause" : "resume") + "\"}"));
            return null;
        });
        workers.wake(name);
        return Response.json(200, Map.of("destination", name, "paused", paused));
    }

    private Response auditList(Request r, JdbcAuditTrail jat) {
        Long since = r.query("since") == null ? null : parseTime("since", r.query("since"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JdbcAuditTrail.Stored s : jat.list(since, r.query("type"), r.query("patientId"),
                r.longQuery("after"), intQuery(r, "limit", 1000))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", s.seq());
            m.put("at", Instant.ofEpochMilli(s.at()).toString());
            m.put("type", s.event().type());
            m.put("outcome", s.event().outcome());
            m.put("principal", s.event().principal());
            m.put("source", s.event().source());
            m.put("patientId", s.event().patientKey());
            m.put("objectType", s.event().objectType());
            m.put("objectId", s.event().objectId());
            m.put("detail", s.event().detail());
            m.put("hash", s.hash());
            out.add(m);
        }
        return Response.json(200, out);
    }

    static long parseTime(String name, String v) {
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (RuntimeException e) {
            try {
                return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (RuntimeException e2) {
                throw new ApiException(400, "bad parameter", name + " must be an ISO-8601 instant or date");
            }
        }
    }

    static int intQuery(Request r, String name, int def) {
        String v = r.query(name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad parameter", name + " must be a number");
        }
    }
}
