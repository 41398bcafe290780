package org.radbridge.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.dicom.net.Status;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;

/**
 * The reconciliation list and the manual link (docs/procedure-status.md): GET /api/procedures?unmatched=true&amp;
 * studyUid=&amp;limit= (phi-read) lists stored MPPS, newest first (unmatched: those with no linked step or an
 * unresolved reference); GET /api/procedures/{uid} (phi-read) one MPPS with its data set (DICOM JSON); POST
 * /api/procedures/{uid}/link (admin) {"studyInstanceUid", "spsId", "reason"} links it to a worklist step: the step
 * then moves as if the MPPS had referenced it (route procedure-status, journaled, audited OPERATOR_ACTION).
 */
public final class ProcedureApi {

    private final ProcedureStore store;
    private final UnaryOperator<MppsEvent> route;

    public ProcedureApi(ProcedureStore store, UnaryOperator<MppsEvent> route) {
        this.store = store;
        this.route = route;
    }

    public void register(HttpRoutes api) {
        api.route("GET", "/api/procedures", Principal.PHI_READ, this::list);
        api.route("GET", "/api/procedures/{uid}", Principal.PHI_READ, this::one);
        api.route("POST", "/api/procedures/{uid}/link", Principal.ADMIN, this::link);
    }

    private Response list(Request r) {
        int limit;
        try {
            limit = r.query("limit") == null ? 100 : Integer.parseInt(r.query("limit"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad parameter", "limit must be a number");
        }
        boolean unmatched = "true".equalsIgnoreCase(r.query("unmatched"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (MppsRecord m : store.list(unmatched, r.query("studyUid"), limit)) {
            out.add(view(m, false));
        }
        return Response.json(200, out);
    }

    private Response one(Request r) {
        MppsRecord m = store.get(r.param("uid"));
        if (m == null) {
            throw new ApiException(404, "not found", "no MPPS with SOP Instance UID " + r.param("uid"));
        }
        return Response.json(200, view(m, true));
    }

    private Map<String, Object> view(MppsRecord m, boolean withDataset) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sopInstanceUid", m.sopInstanceUid());
        v.put("status", m.status());
        v.put("callingAe", m.callingAe());
        v.put("performedProcedureStepId", m.ppsId());
        v.put("patientKey", m.patientKey());
        v.put("studyInstanceUid", m.studyUid());
        v.put("accessionNumber", m.accession());
        v.put("modality", m.modality());
        v.put("case", m.caseKind());
        v.put("unmatched", m.needsReconciliation());
        v.put("unresolvedReferences", m.unresolved());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepLink l : store.links(m.sopInstanceUid())) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("studyInstanceUid", l.studyUid());
            st.put("spsId", l.spsId());
            st.put("priorStatus", l.priorStatus());
            st.put("how", l.how());
            steps.add(st);
        }
        v.put("steps", steps);
        try {
            v.put("dose", m.dose() == null ? null : Response.JSON.readTree(m.dose()));
        } catch (java.io.IOException e) {
            v.put("dose", m.dose());
        }
        v.put("messageId", m.messageId());
        v.put("createdAt", m.createdAt());
        v.put("updatedAt", m.updatedAt());
        if (withDataset) {
            try {
                v.put("dataset", Response.JSON.readTree(DicomJson.write(m.dataset(), false)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return v;
    }

    /**
     * Links a stored MPPS to a scheduled step by an operator (POST /api/procedures/{uid}/link and the console's
     * reconciliation page): the procedure-status route journals, audits and applies it; the returned event tells
     * whether it was refused.
     */
    public MppsEvent link(String mppsUid, String studyUid, String spsId, String reason, String principal, String remote) {
        MppsEvent e = new MppsEvent(MppsEvent.Op.LINK, mppsUid, principal, remote, new Attributes(), System.currentTimeMillis());
        e.linkRequest(new StepLink(studyUid, spsId, null, "linked"), reason == null ? "" : reason);
        return route.apply(e);
    }

    private Response link(Request r) {
        JsonNode body;
        try {
            body = Response.JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            body = null;
        }
        String study = body == null ? null : body.path("studyInstanceUid").asText(null);
        String sps = body == null ? null : body.path("spsId").asText(null);
        if (study == null || sps == null) {
            throw new ApiException(400, "bad request", "body must be JSON {\"studyInstanceUid\": \"...\", \"spsId\": \"...\", \"reason\": \"...\"}");
        }
        MppsEvent done = link(r.param("uid"), study, sps, body.path("reason").asText(""), r.principal().name(), r.remote());
        MppsEvent e = done;
        if (done.refused()) {
            int st = done.dimseStatus();
            int http = st == Status.NO_SUCH_OBJECT_INSTANCE ? 404 : st == Status.DUPLICATE_SOP_INSTANCE ? 409 : 500;
            throw new ApiException(http, http == 500 ? "failed" : http == 404 ? "not found" : "conflict", done.refusal().getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sopInstanceUid", e.iuid());
        out.put("studyInstanceUid", study);
        out.put("spsId", sps);
        out.put("case", done.cases().get(done.linkRequest()) == null ? null : done.cases().get(done.linkRequest()).label());
        out.put("messageId", done.journalId());
        return Response.json(200, out);
    }
}
