package org.radbridge.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/**
 * HTTP endpoints of site adaptation (docs/site-adaptation.md): GET /api/held (phi-read) lists held effects (message
 * id, flow, reason, since; ?state=RELEASED|DISCARDED for closed ones); POST /api/held/{id}/release and /discard
 * (replay; audited); POST /api/config/reload (admin): 200 with the new digest and what was released, 422 with the
 * problems (file, line) when the configuration is invalid (the running one stays), 409 when messages in flight
 * did not let it swap; GET /api/config (phi-read): the digest in force and the watched folders.
 */
public final class ConfigApi {

    private final Holding holding;
    private final ConfigReloader reloader;

    public ConfigApi(Holding holding, ConfigReloader reloader) {
        this.holding = holding;
        this.reloader = reloader;
    }

    public void register(HttpRoutes s) {
        s.route("GET", "/api/held", Principal.PHI_READ, this::list);
        s.route("POST", "/api/held/{id}/release", Principal.REPLAY, this::release);
        s.route("POST", "/api/held/{id}/discard", Principal.REPLAY, this::discard);
        s.route("POST", "/api/config/reload", Principal.ADMIN, this::reload);
        s.route("GET", "/api/config", Principal.PHI_READ, r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("digest", reloader.digest());
            Map<String, String> folders = new LinkedHashMap<>();
            reloader.folders().forEach((k, v) -> folders.put(k, v.toString()));
            m.put("folders", folders);
            return Response.json(200, m);
        });
    }

    private Response list(Request r) {
        String state = r.query("state") == null ? HeldEffects.HELD : r.query("state").toUpperCase(Locale.ROOT);
        if (!List.of(HeldEffects.HELD, HeldEffects.RELEASED, HeldEffects.DISCARDED).contains(state)) {
            throw new ApiException(400, "bad parameter", "state must be HELD, RELEASED or DISCARDED");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (HeldEffects.Held h : holding.store().list(state, r.query("limit") == null ? 1000 : r.longQuery("limit").intValue())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("messageId", h.messageId());
            m.put("flow", h.flow());
            m.put("destination", h.destination());
            m.put("reason", h.reason());
            m.put("since", Instant.ofEpochMilli(h.heldAt()).toString());
            m.put("state", h.state());
            m.put("patientId", h.patientKey());
            m.put("configDigest", h.configDigest());
            if (h.closedAt() != null) {
                m.put("closedAt", Instant.ofEpochMilli(h.closedAt()).toString());
                m.put("closedBy", h.closedBy());
            }
            out.add(m);
        }
        return Response.json(200, out);
    }

    private Response release(Request r) {
        long id = r.longParam("id");
        Holding.Outcome o = holding.release(id, r.principal().name(), r.remote());
        if (o == null) {
            throw new ApiException(404, "not found", "no held effect " + id);
        }
        if (!o.released()) {
            throw new ApiException(409, "not released", o.detail());
        }
        return Response.json(200, Map.of("id", id, "released", true, "detail", o.detail()));
    }

    private Response discard(Request r) {
        long id = r.longParam("id");
        if (!holding.discard(id, r.principal().name(), r.remote())) {
            throw new ApiException(404, "not found", "no held effect " + id);
        }
        return Response.json(200, Map.of("id", id, "discarded", true));
    }

    private Response reload(Request r) {
        ConfigReloader.Result res = reloader.reload(r.principal().name(), r.remote());
        Map<String, Object> m = new LinkedHashMap<>();
        if (!res.applied()) {
            boolean busy = res.problems().stream().anyMatch(p -> "engine".equals(p.file()));
            m.put("error", busy ? "configuration not swapped" : "invalid configuration");
            m.put("detail", res.detail());
            m.put("errors", res.problems());
            m.put("digest", res.digest());
            m.put("changedFiles", res.changedFiles());
            return Response.json(busy ? 409 : 422, m);
        }
        m.put("applied", true);
        m.put("digest", res.digest());
        m.put("previousDigest", res.previousDigest());
        m.put("changedFiles", res.changedFiles());
        m.put("released", res.released());
        m.put("stillHeld", res.stillHeld());
        return Response.json(200, m);
    }
}
