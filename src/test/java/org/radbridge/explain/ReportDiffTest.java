package org.radbridge.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shadow run's differences name the changed field: DICOM attribute (in sequences too), FHIR path, HL7 field. */
class ReportDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode report(String worklist, String fhir, String hl7, String code, String warnings) throws Exception {
        return JSON.readTree("{\"answer\":{\"code\":\"" + code + "\"},\"flows\":[\"f\"],\"worklist\":" + worklist + ",\"fhir\":" + fhir
                + ",\"hl7\":" + hl7 + ",\"held\":[],\"warnings\":" + warnings + "}");
    }

    static final String ITEM = "[{\"00080050\":{\"vr\":\"SH\",\"Value\":[\"ACC1\"]},\"00400100\":{\"vr\":\"SQ\",\"Value\":[{"
            + "\"00080060\":{\"vr\":\"CS\",\"Value\":[\"%s\"]}}]}}]";
    static final String BUNDLE = "[{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"ServiceRequest\","
            + "\"code\":{\"text\":\"%s\"}}}]}]";
    static final String HL7 = "[{\"destination\":\"emr\",\"message\":\"MSH|^~\\\\&|A|B|%s\\nOBR|1||X|%s\\n\"}]";

    @Test
    void sameReportsHaveNoDifference() throws Exception {
        JsonNode a = report(ITEM.formatted("CT"), BUNDLE.formatted("CT chest"), HL7.formatted("EMR", "71250"), "AA", "[\"w\"]");
        assertEquals(List.of(), ReportDiff.of(a, a));
    }

    @Test
    void eachChangeIsNamedWithBothValues() throws Exception {
        JsonNode live = report(ITEM.formatted("CT"), BUNDLE.formatted("CT chest"), HL7.formatted("EMR", "71250"), "AA", "[\"w1\"]");
        JsonNode shadow = report(ITEM.formatted("MR"), BUNDLE.formatted("CT thorax"), HL7.formatted("EMR2", "71250"), "AE", "[\"w2\"]");
        List<ReportDiff.Difference> d = ReportDiff.of(live, shadow);
        assertEquals(List.of(
                new ReportDiff.Difference("answer.code", "AA", "AE"),
                new ReportDiff.Difference("worklist[0].ScheduledProcedureStepSequence (0040,0100)[0].Modality (0008,0060)", "CT", "MR"),
                new ReportDiff.Difference("fhir[0](Bundle).entry[0].resource(ServiceRequest).code.text", "CT chest", "CT thorax"),
                new ReportDiff.Difference("hl7(emr).MSH[1]-5", "EMR", "EMR2"),
                new ReportDiff.Difference("warnings", "w1", null),
                new ReportDiff.Difference("warnings", null, "w2")), d);
    }

    @Test
    void anItemOrAMessageOnOneSideOnlyIsADifference() throws Exception {
        JsonNode live = report(ITEM.formatted("CT"), "[]", "[]", "AA", "[]");
        JsonNode shadow = report("[]", "[]", HL7.formatted("EMR", "1"), "AA", "[]");
        List<ReportDiff.Difference> d = ReportDiff.of(live, shadow);
        assertEquals(2, d.size(), d.toString());
        assertEquals("worklist[0]", d.get(0).field());
        assertEquals(null, d.get(0).shadow());
        assertEquals("hl7(emr)", d.get(1).field());
        assertEquals(null, d.get(1).live());
    }
}
