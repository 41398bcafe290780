package org.radbridge.availability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.CallAudit;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/**
 * HTTP endpoints of study availability (design.md §3): POST /api/events/study-available (role webhook; body
 * {@link WebhookEvents}; 200 with the journal id and what it caused, 400 for a bad body, 503 when it could not be
 * processed: send again) and GET /api/availability/unmatched?state= (role phi-read; the reconciliation list:
 * studies that matched no order, per destination).
 */
final class AvailabilityApi {

    private final Function<AvailabilityJob, AvailabilityJob> process;
    private final AvailabilityStore store;

    AvailabilityApi(Function<AvailabilityJob, AvailabilityJob> process, AvailabilityStore store) {
        this.process = process;
        this.store = store;
    }

    void register(HttpRoutes api) {
        api.route("POST", "/api/events/study-available", Principal.WEBHOOK, this::event);
        api.route("GET", "/api/availability/unmatched", Principal.PHI_READ, this::unmatched);
    }

    private Response event(Request r) {
        StudyEvent e;
        try {
            JsonNode body = StudyAvailable.JSON.readTree(r.body() == null ? new byte[0] : r.body());
            e = WebhookEvents.read(body, r.principal() == null ? "" : r.principal().name(), r.remote());
        } catch (java.io.IOException ex) {
            throw new ApiException(400, "bad body", "not JSON: " + (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
        } catch (IllegalArgumentException ex) {
            throw new ApiException(400, "bad body", ex.getMessage());
        }
        AvailabilityJob job = new AvailabilityJob(e);
        // the call's API_ACCESS record (answer 200) goes into the event's transaction: one commit per call
        job.alsoAudit(CallAudit.record(r, 200));
        try {
            job = process.apply(job);
        } catch (RuntimeException ex) {
            throw new ApiException(503, "not processed", ex.getMessage() + ": nothing was kept, send it again");
        }
        if (job.outcome() != null) {
            CallAudit.written(200);
        }
        AvailabilityJob.Outcome o = job.outcome();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("journalId", o.journalId());
        out.put("matchedBy", o.matchedBy());
        out.put("completedSteps", o.steps());
        out.put("queued", o.queued());
        out.put("unmatched", o.unmatched());
        out.put("unchanged", o.unchanged());
        out.put("warnings", job.warnings());
        return Response.json(200, out);
    }

    private Response unmatched(Request r) {
        String state = r.query("state");
        if (state != null && !List.of(AvailabilityStore.HELD, AvailabilityStore.RECONCILE, AvailabilityStore.NOTIFIED,
                AvailabilityStore.RELEASED).contains(state)) {
            throw new ApiException(400, "bad parameter", "state must be held, reconcile, notified or released");
        }
        int limit = 100;
        if (r.query("limit") != null) {
            try {
                limit = Integer.parseInt(r.query("limit"));
            } catch (NumberFormatException ex) {
                throw new ApiException(400, "bad parameter", "limit must be a number");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (AvailabilityStore.Unmatched u : store.list(state, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", u.id());
            m.put("studyInstanceUid", u.studyUid());
            m.put("destination", u.destination());
            m.put("policy", u.policy());
            m.put("state", u.state());
            m.put("journalId", u.messageId());
            m.put("patientKey", u.patientKey());
            m.put("accessionNumber", u.accession());
            m.put("createdAt", u.createdAt());
            m.put("updatedAt", u.updatedAt());
            out.add(m);
        }
        return Response.json(200, out);
    }
}
