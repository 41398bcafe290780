package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * A discontinued MPPS with each reason of DICOM CID 9301 "Modality PPS Discontinuation Reason" (dcmjs-dimse as the
 * modality, one order per reason): every reason discontinues the step and sends IP then DC to the EMR, except 110514
 * "Incorrect worklist entry selected", which returns the step to SCHEDULED and sends nothing after the IP.
 */
class ProcedureStatusReasonsTest {

    static final String[][] CID_9301 = {{"110500", "Doctor canceled procedure"}, {"110501", "Equipment failure"},
        {"110502", "Incorrect procedure ordered"}, {"110503", "Patient allergic to media/contrast"}, {"110504", "Patient died"},
        {"110505", "Patient refused to continue procedure"}, {"110506", "Patient taken for treatment or surgery"},
        {"110507", "Patient did not arrive"}, {"110508", "Patient pregnant"}, {"110509", "Change of procedure for correct charging"},
        {"110510", "Duplicate order"}, {"110511", "Nursing unit cancel"}, {"110512", "Incorrect side ordered"},
        {"110513", "Discontinued for unspecified reason"}, {"110514", "Incorrect worklist entry selected"},
        {"110515", "Patient condition prevented continuing"}, {"110516", "Equipment change"}};

    @Test
    void eachDiscontinuationReason() throws Exception {
        String order = Files.readString(Scenarios.dir("orm-o01-ris-new-ct").resolve("message.hl7"), StandardCharsets.ISO_8859_1);
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = TestEngine.start(MppsScenarios.props(emr.address(), null))) {
            List<Map<String, Object>> steps = new ArrayList<>();
            try (MllpClient c = e.client()) {
                for (int i = 0; i < CID_9301.length; i++) {
                    String n = String.format("71%02d", i);
                    String ack = new String(c.exchange(order.replace("1001", n).getBytes(StandardCharsets.ISO_8859_1)),
                            StandardCharsets.ISO_8859_1);
                    assertTrue(ack.contains("MSA|AA"), ack);
                    Map<String, Object> create = MppsRefusalTest.create("1.2.826.0.1.3680043.10.543.97" + n);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ref = ((List<Map<String, Object>>) ((Map<String, Object>) create.get("dataset"))
                            .get("ScheduledStepAttributesSequence")).get(0);
                    ref.put("StudyInstanceUID", "1.2.826.0.1.3680043.10.543." + n);
                    ref.put("AccessionNumber", "ACC" + n);
                    ref.put("RequestedProcedureID", "RP" + n);
                    ref.put("ScheduledProcedureStepID", "SPS" + n);
                    Map<String, Object> stop = MppsRefusalTest.set("1.2.826.0.1.3680043.10.543.97" + n, "DISCONTINUED");
                    Map<String, Object> reason = new LinkedHashMap<>();
                    reason.put("CodeValue", CID_9301[i][0]);
                    reason.put("CodingSchemeDesignator", "DCM");
                    reason.put("CodeMeaning", CID_9301[i][1]);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ds = (Map<String, Object>) stop.get("dataset");
                    ds.put("PerformedProcedureStepDiscontinuationReasonCodeSequence", List.of(reason));
                    steps.add(create);
                    steps.add(stop);
                }
            }
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", steps);
            assertEquals(steps.size(), r.size(), r.toString());
            r.forEach(n -> assertEquals(0, n.path("status").asInt(), n.toString()));
            assertTrue(MppsScenarios.awaitDrained(e, "emr", 30_000));
            String sps = MppsScenarios.steps(e);
            List<String> sent = emr.processedTexts();
            assertEquals(2 * CID_9301.length - 1, sent.size());
            for (int i = 0; i < CID_9301.length; i++) {
                String n = String.format("71%02d", i);
                boolean wrongEntry = CID_9301[i][0].equals("110514");
                assertTrue(sps.contains("1.2.826.0.1.3680043.10.543." + n + "/SPS" + n + (wrongEntry ? " SCHEDULED" : " DISCONTINUED")),
                        CID_9301[i][0] + ": " + sps);
                List<String> mine = sent.stream().filter(m -> m.contains("ORC|SC|PLC" + n + "^")).toList();
                List<String> statuses = mine.stream().map(m -> m.substring(m.indexOf("ORC|SC|")).split("\\|")[5]).toList();
                assertEquals(wrongEntry ? List.of("IP") : List.of("IP", "DC"), statuses, CID_9301[i][0]);
            }
        }
    }
}
