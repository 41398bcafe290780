package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.TestEngine;

/**
 * The FHIR side of MPPS against a real HAPI FHIR JPA server: after the order's Bundle (ServiceRequest active,
 * ImagingStudy registered), an MPPS and an appended one (dcmjs-dimse as the modality) leave one ServiceRequest
 * completed with its order content kept, one ImagingStudy available with the series of both MPPS and its subject kept,
 * and the CT dose as Observations (Mean CTDIvol, CT Dose Length Product Total) part of that ImagingStudy.
 */
@ExtendWith(FhirServerExtension.class)
class PerformedToFhirServerTest {

    private static final String PLACER = "urn:oid:1.2.826.0.1.3680043.10.543.100.10";

    @Test
    void statusSeriesAndDoseOnTheServer(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        String study = "1.2.826.0.1.3680043.10.543." + n;
        try (TestEngine e = FhirFlows.engine(server, Map.of())) {
            FhirFlows.sendAccepted(e, FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            FhirFlows.awaitDelivered(e, 60_000);
            String first = study + ".81";
            String second = study + ".82";
            List<Map<String, Object>> steps = new ArrayList<>();
            steps.add(create(first, n));
            steps.add(complete(first, study + ".1", "7.4", "DLP=265.3 mGy*cm"));
            steps.add(create(second, n));
            steps.add(complete(second, study + ".2", null, null));
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", steps);
            r.forEach(x -> assertEquals(0, x.path("status").asInt(), r.toString()));
            FhirFlows.awaitDelivered(e, 60_000);

            JsonNode sr = FhirFlows.one(server, "ServiceRequest?identifier=" + PLACER + "|PLC" + n);
            assertEquals("completed", sr.path("status").asText(), sr.toString());
            assertEquals("71250", sr.path("code").path("coding").path(0).path("code").asText(), "the order's content is kept");
            assertTrue(sr.path("subject").path("reference").asText().startsWith("Patient/"), sr.toString());

            JsonNode is = FhirFlows.one(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + study);
            assertEquals("available", is.path("status").asText(), is.toString());
            assertEquals(2, is.path("series").size(), "the series of both MPPS: " + is);
            assertEquals(study + ".1", is.path("series").path(0).path("uid").asText());
            assertEquals(study + ".2", is.path("series").path(1).path("uid").asText());
            assertEquals(2, is.path("series").path(0).path("numberOfInstances").asInt());
            assertEquals(sr.path("subject").path("reference").asText(), is.path("subject").path("reference").asText());
            assertTrue(is.path("started").asText().startsWith("2026-12-01T"), is.toString());

            JsonNode obs = FhirFlows.search(server, "Observation?identifier=urn:dicom:uid|urn:oid:" + first);
            assertEquals(2, obs.path("total").asInt(obs.path("entry").size()), obs.toString());
            List<String> codes = new ArrayList<>();
            for (JsonNode o : obs.path("entry")) {
                JsonNode res = o.path("resource");
                codes.add(res.path("code").path("coding").path(0).path("code").asText() + "=" + res.path("valueQuantity").path("value").asText()
                        + " " + res.path("valueQuantity").path("code").asText());
                assertEquals("ImagingStudy/" + is.path("id").asText(), res.path("partOf").path(0).path("reference").asText());
                assertEquals("ServiceRequest/" + sr.path("id").asText(), res.path("basedOn").path(0).path("reference").asText());
                assertEquals("final", res.path("status").asText());
            }
            codes.sort(null);
            assertEquals(List.of("113813=265.3 mGy.cm", "113830=7.4 mGy"), codes);
        }
    }

    private static Map<String, Object> create(String uid, String n) throws Exception {
        Map<String, Object> c = MppsRefusalTest.create(uid);
        @SuppressWarnings("unchecked")
        Map<String, Object> ref = ((List<Map<String, Object>>) ((Map<String, Object>) c.get("dataset"))
                .get("ScheduledStepAttributesSequence")).get(0);
        ref.put("StudyInstanceUID", "1.2.826.0.1.3680043.10.543." + n);
        ref.put("AccessionNumber", "ACC" + n);
        ref.put("RequestedProcedureID", "RP" + n);
        ref.put("ScheduledProcedureStepID", "SPS" + n);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> complete(String uid, String series, String ctdi, String comments) {
        Map<String, Object> s = MppsRefusalTest.set(uid, "COMPLETED");
        Map<String, Object> ds = (Map<String, Object>) s.get("dataset");
        ds.put("PerformedSeriesSequence", List.of(Map.of("SeriesInstanceUID", series, "SeriesDescription", "series " + series,
                "ProtocolName", "CHEST", "RetrieveAETitle", "PACS", "PerformingPhysicianName", "", "OperatorsName", "TECH^TINA",
                "ReferencedImageSequence", List.of(
                        Map.of("ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2", "ReferencedSOPInstanceUID", series + ".1"),
                        Map.of("ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2", "ReferencedSOPInstanceUID", series + ".2")))));
        if (ctdi != null) {
            ds.put("CTDIvol", Double.parseDouble(ctdi));
            ds.put("CommentsOnRadiationDose", comments);
        }
        return s;
    }
}
