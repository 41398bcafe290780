package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * The DIMSE failures of the PPS Manager, with dcmjs-dimse as the modality: only breaches of the MPPS object rules
 * (PS3.4 F.7.2) fail — 0106 N-CREATE not IN PROGRESS, 0120 missing Type 1 attributes (N-CREATE, and the final state
 * of an N-SET), 0111 N-CREATE of an existing instance, 0112 N-SET of an unknown instance, 0110 N-SET of a COMPLETED or
 * DISCONTINUED instance — and a refused request changes nothing (the step, the EMR) but is journaled REJECTED.
 */
class MppsRefusalTest {

    private static final String UID = "1.2.826.0.1.3680043.10.543.98001";

    @Test
    void onlyObjectRuleBreachesFail() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = TestEngine.start(MppsScenarios.props(emr.address(), null))) {
            MppsScenarios.sendOrders(e, Scenarios.dir("mpps-scheduled"));
            Map<String, Object> notInProgress = create(UID + ".1");
            dataset(notInProgress).put("PerformedProcedureStepStatus", "COMPLETED");
            Map<String, Object> missing = create(UID + ".2");
            dataset(missing).remove("PerformedProcedureStepID");
            dataset(missing).remove("Modality");
            Map<String, Object> noEnd = set(UID, "COMPLETED");
            ((Map<String, Object>) noEnd.get("dataset")).remove("PerformedProcedureStepEndTime");
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(
                    notInProgress, missing, set(UID + ".3", "COMPLETED"), create(UID), create(UID), noEnd,
                    set(UID, "COMPLETED"), set(UID, "DISCONTINUED"), set(UID, "IN PROGRESS")));
            List<String> statuses = new ArrayList<>();
            r.forEach(n -> statuses.add(String.format("%04X", n.path("status").asInt())));
            assertEquals(List.of("0106", "0120", "0112", "0000", "0111", "0120", "0000", "0110", "0110"), statuses, r.toString());
            assertTrue(MppsScenarios.awaitDrained(e, "emr", 20_000));
            List<String> sent = emr.processedTexts();
            assertEquals(2, sent.size(), "IP and CM of the accepted requests only: " + sent);
            assertTrue(sent.get(0).contains("ORC|SC|PLC1001^DEMO_EMR|FIL1001^DEMO_RIS||IP"), sent.get(0));
            assertTrue(sent.get(1).contains("ORC|SC|PLC1001^DEMO_EMR|FIL1001^DEMO_RIS||CM"), sent.get(1));
            assertEquals("1.2.826.0.1.3680043.10.543.1001/SPS1001 COMPLETED\n", MppsScenarios.steps(e));
            JsonNode rejected = MppsScenarios.get(e, "/api/messages?type=MPPS%5EN-SET&status=REJECTED");
            assertEquals(4, rejected.size(), rejected.toString());
            JsonNode created = MppsScenarios.get(e, "/api/messages?type=MPPS%5EN-CREATE");
            assertEquals(4, created.size(), created.toString());
            JsonNode one = MppsScenarios.get(e, "/api/messages/" + rejected.get(0).path("id").asLong());
            assertTrue(one.toString().contains("0110"), one.toString());
            assertEquals(1, MppsScenarios.get(e, "/api/procedures").size(), "refused N-CREATEs store nothing");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataset(Map<String, Object> step) {
        return (Map<String, Object>) step.get("dataset");
    }

    static Map<String, Object> create(String uid) throws Exception {
        JsonNode scenario = MppsScenarios.JSON.readTree(Scenarios.dir("mpps-scheduled").resolve("mpps.json").toFile());
        Map<String, Object> step = MppsScenarios.JSON.convertValue(scenario.get(0).get("steps").get(0), LinkedHashMap.class);
        step.put("sopInstance", uid);
        step.put("sopClass", MppsScenarios.MPPS);
        return step;
    }

    static Map<String, Object> set(String uid, String status) {
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("PerformedProcedureStepStatus", status);
        ds.put("PerformedProcedureStepEndDate", "20261201");
        ds.put("PerformedProcedureStepEndTime", "094802");
        ds.put("PerformedSeriesSequence", List.of());
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("op", "nset");
        step.put("sopClass", MppsScenarios.MPPS);
        step.put("sopInstance", uid);
        step.put("dataset", ds);
        return step;
    }
}
