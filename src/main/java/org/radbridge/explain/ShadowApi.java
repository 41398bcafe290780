package org.radbridge.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/**
 * GET /api/shadow?changed=true&beforeId=&limit= (phi-read): the shadow run's state and its reports, newest first, each
 * with the fields that changed; GET /api/shadow/{messageId} (phi-read): one report with the values on both sides
 * and both dry-run results. The reports hold patient data, like the journal.
 */
final class ShadowApi {

    private final ShadowStore store;
    private final ShadowRun run;

    ShadowApi(ShadowStore store, ShadowRun run) {
        this.store = store;
        this.run = run;
    }

    void register(HttpRoutes api) {
        api.route("GET", "/api/shadow", Principal.PHI_READ, this::list);
        api.route("GET", "/api/shadow/{messageId}", Principal.PHI_READ, this::one);
    }

    private Response list(Request r) {
        int limit;
        try {
            limit = r.query("limit") == null ? 100 : Integer.parseInt(r.query("limit"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad parameter", "limit must be a number");
        }
        if (limit < 1 || limit > 10_000) {
            throw new ApiException(400, "bad parameter", "limit must be between 1 and 10000");
        }
        boolean changed = "true".equalsIgnoreCase(r.query("changed"));
        List<ShadowStore.Summary> l = store.list(changed, r.longQuery("beforeId"), limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", run != null);
        out.put("candidate", run == null ? null : run.candidate().toString());
        out.put("pending", run == null ? 0 : run.pending());
        out.put("skipped", run == null ? 0 : run.skipped());
        out.put("reports", l);
        return Response.json(200, out);
    }

    private Response one(Request r) {
        long id = r.longParam("messageId");
        String report = store.report(id);
        if (report == null) {
            throw new ApiException(404, "not found", "no shadow report for journal entry " + id
                    + (run == null ? " (the shadow run is off: radbridge.mappings.shadow-dir)" : ""));
        }
        return Response.text(200, "application/json", report);
    }
}
