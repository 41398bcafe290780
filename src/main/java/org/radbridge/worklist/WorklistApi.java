package org.radbridge.worklist;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;
import org.radbridge.store.Db;

/**
 * The worklist endpoints of design.md §3: GET /api/worklist?modality=&aet=&date=&status=&patientId=&accession=
 * &studyUid=&limit= (phi-read) answers the items as a DICOM JSON array (PS3.18 F.2), every status unless
 * {@code status} (comma-separated) is given, {@code date} as YYYYMMDD or a range YYYYMMDD-YYYYMMDD, expired
 * items marked by {@link ItemState} (private (0071,1001) "EXPIRED"); POST
 * /api/worklist/{studyUid}/{spsId}/status (admin) with {"status": "...", "reason": "..."} is the manual
 * status change by staff, audited with the principal in the same transaction.
 */
public final class WorklistApi {

    private final WorklistService service;
    private final Db db;
    private final AuditTrail audit;

    public WorklistApi(WorklistService service, Db db, AuditTrail audit) {
        this.service = service;
        this.db = db;
        this.audit = audit;
    }

    public void register(HttpRoutes api) {
        api.route("GET", "/api/worklist", Principal.PHI_READ, this::list);
        api.route("POST", "/api/worklist/{studyUid}/{spsId}/status", Principal.ADMIN, this::status);
    }

    private Response list(Request r) {
        String from = null;
        String to = null;
        String date = r.query("date");
        if (date != null) {
            if (!isDateOrRange(date)) {
                throw new ApiException(400, "bad parameter", "date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
            }
            int dash = date.indexOf('-');
            from = dash < 0 ? date : date.substring(0, dash);
            to = dash < 0 ? date : date.substring(dash + 1);
            from = from.isEmpty() ? null : from;
            to = to.isEmpty() ? null : to;
        }
        List<String> statuses = null;
        if (r.query("status") != null) {
            statuses = new ArrayList<>();
            for (String s : r.query("status").split(",")) {
                try {
                    statuses.add(SpsStatus.of(s));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "bad parameter", e.getMessage());
                }
            }
        }
        int limit;
        try {
            limit = r.query("limit") == null ? 1000 : Integer.parseInt(r.query("limit"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad parameter", "limit must be a number");
        }
        List<Attributes> items = new ArrayList<>();
        for (WorklistItem it : service.store().list(new WorklistStore.Filter(r.query("modality"), r.query("aet"), from, to,
                statuses, r.query("patientId"), r.query("accession"), r.query("studyUid"), limit))) {
            items.add(ItemState.forApi(it));
        }
        return Response.text(200, "application/dicom+json", DicomJson.writeArray(items, true));
    }

    private Response status(Request r) throws Exception {
        String study = r.param("studyUid");
        String sps = r.param("spsId");
        JsonNode body;
        try {
            body = Response.JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new ApiException(400, "bad request", "body must be JSON {\"status\": \"COMPLETED\", \"reason\": \"...\"}");
        }
        String status;
        try {
            status = SpsStatus.of(body == null ? null : body.path("status").asText(null));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad request", e.getMessage());
        }
        String reason = body.path("reason").asText("");
        String principal = r.principal().name();
        Object[] before = new Object[1];
        boolean done = db.writeAndWait(tx -> {
            WorklistItem it = service.store().get(tx, study, sps);
            if (it == null) {
                return false;
            }
            before[0] = it.status();
            service.setStatus(tx, study, sps, status, null);
            audit.record(tx, new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, principal, r.remote(),
                    it.patientKey(), "worklist-item", study + "/" + sps, "{\"action\":\"status\",\"from\":\"" + it.status()
                            + "\",\"to\":\"" + status + "\",\"reason\":" + Response.JSON.writeValueAsString(reason) + "}"));
            return true;
        });
        if (!done) {
            throw new ApiException(404, "not found", "no worklist item with Study Instance UID " + study + " and SPS ID " + sps);
        }
        return Response.json(200, Map.of("studyInstanceUid", study, "spsId", sps, "from", before[0], "status", status));
    }

    /** YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD (PS3.4 C.2.2.2.5 range matching), checked without a regex. */
    static boolean isDateOrRange(String s) {
        if (s.length() > 17) {
            return false;
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            return eightDigits(s);
        }
        String from = s.substring(0, dash);
        String to = s.substring(dash + 1);
        return (from.isEmpty() || eightDigits(from)) && (to.isEmpty() || eightDigits(to)) && !(from.isEmpty() && to.isEmpty());
    }

    private static boolean eightDigits(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static List<String> csv(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
