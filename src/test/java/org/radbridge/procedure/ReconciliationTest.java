package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * The reconciliation list: MPPS that match no scheduled step (unscheduled, or referencing a step RadBridge does not
 * have) are accepted, listed by GET /api/procedures?unmatched=true (phi-read), counted by radbridge_mpps_unmatched,
 * and linked by an admin (POST /api/procedures/{uid}/link, audited OPERATOR_ACTION); wrong links get 404 / 409.
 */
class ReconciliationTest {

    private static final String A = "1.2.826.0.1.3680043.10.543.96101";
    private static final String B = "1.2.826.0.1.3680043.10.543.96102";

    @Test
    void unmatchedListMetricAndLink() throws Exception {
        try (TestEngine e = TestEngine.start(MppsScenarios.props(null, null))) {
            MppsScenarios.sendOrders(e, Scenarios.dir("mpps-scheduled"));
            Map<String, Object> unknownStep = MppsRefusalTest.create(A);
            @SuppressWarnings("unchecked")
            Map<String, Object> ref = ((List<Map<String, Object>>) ((Map<String, Object>) unknownStep.get("dataset"))
                    .get("ScheduledStepAttributesSequence")).get(0);
            ref.put("ScheduledProcedureStepID", "SPS-NOT-HERE");
            ref.put("AccessionNumber", "ACC-NOT-HERE");
            Map<String, Object> unscheduled = MppsRefusalTest.create(B);
            @SuppressWarnings("unchecked")
            Map<String, Object> ref2 = ((List<Map<String, Object>>) ((Map<String, Object>) unscheduled.get("dataset"))
                    .get("ScheduledStepAttributesSequence")).get(0);
            ref2.remove("ScheduledProcedureStepID");
            ref2.remove("AccessionNumber");
            ref2.remove("RequestedProcedureID");
            ref2.put("StudyInstanceUID", B + ".1");
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(unknownStep, unscheduled));
            r.forEach(n -> assertEquals(0, n.path("status").asInt(), r.toString()));

            JsonNode list = MppsScenarios.get(e, "/api/procedures?unmatched=true");
            assertEquals(2, list.size(), list.toString());
            assertEquals(1, count(list, "unresolvedReferences", 1), "the MPPS naming an unknown step has an unresolved reference");
            assertTrue(e.get("/metrics").body().contains("radbridge_mpps_unmatched 2"), "metric");
            assertEquals(401, e.request("GET", "/api/procedures?unmatched=true", null, null).statusCode());
            assertEquals("1.2.826.0.1.3680043.10.543.1001/SPS1001 SCHEDULED\n", MppsScenarios.steps(e), "nothing moved");

            assertEquals(404, e.post("/api/procedures/1.2.3.4/link", "{\"studyInstanceUid\":\"1.2.826.0.1.3680043.10.543.1001\","
                    + "\"spsId\":\"SPS1001\"}").statusCode());
            assertEquals(404, e.post("/api/procedures/" + A + "/link", "{\"studyInstanceUid\":\"1.2.3\",\"spsId\":\"X\"}").statusCode());
            assertEquals(400, e.post("/api/procedures/" + A + "/link", "{}").statusCode());
            var ok = e.post("/api/procedures/" + A + "/link", "{\"studyInstanceUid\":\"1.2.826.0.1.3680043.10.543.1001\","
                    + "\"spsId\":\"SPS1001\",\"reason\":\"modality typed the SPS ID wrong\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"case\" : \"scheduled\""), ok.body());
            assertEquals(409, e.post("/api/procedures/" + A + "/link", "{\"studyInstanceUid\":\"1.2.826.0.1.3680043.10.543.1001\","
                    + "\"spsId\":\"SPS1001\"}").statusCode());
            assertEquals("1.2.826.0.1.3680043.10.543.1001/SPS1001 STARTED\n", MppsScenarios.steps(e), "linked IN PROGRESS -> STARTED");

            JsonNode after = MppsScenarios.get(e, "/api/procedures?unmatched=true");
            assertEquals(1, after.size(), after.toString());
            assertEquals(B, after.get(0).path("sopInstanceUid").asText());
            assertTrue(e.get("/metrics").body().contains("radbridge_mpps_unmatched 1"), "metric after the link");
            JsonNode one = MppsScenarios.get(e, "/api/procedures/" + A);
            assertEquals("linked", one.path("steps").path(0).path("how").asText(), one.toString());
            assertEquals("CT", one.path("dataset").path("00080060").path("Value").path(0).asText(), one.toString());
            JsonNode audit = MppsScenarios.get(e, "/api/audit?type=OPERATOR_ACTION&limit=100");
            assertTrue(audit.toString().contains("modality typed the SPS ID wrong") && audit.toString().contains("SPS1001"),
                    audit.toString());
        }
    }

    private static int count(JsonNode list, String field, int value) {
        int n = 0;
        for (JsonNode x : list) {
            if (x.path(field).asInt() == value) {
                n++;
            }
        }
        return n;
    }
}
