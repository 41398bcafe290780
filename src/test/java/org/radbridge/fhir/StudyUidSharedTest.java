package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.radbridge.fhir.testing.FhirFlows.awaitDelivered;
import static org.radbridge.fhir.testing.FhirFlows.message;
import static org.radbridge.fhir.testing.FhirFlows.one;
import static org.radbridge.fhir.testing.FhirFlows.sendAccepted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.testing.TestEngine;

/**
 * The worklist and FHIR share identifiers: for an EMR order without a Study Instance UID (assigned by the
 * identifier policy) and for a RIS order that carries one, the ImagingStudy on the FHIR server has the Study
 * Instance UID (0020,000D) and the accession (0008,0050) of the worklist item the modality queries.
 */
@ExtendWith(FhirServerExtension.class)
class StudyUidSharedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void assignedStudyUidOfAnEmrOrderIsTheImagingStudysUid(FhirTestServer server) throws Exception {
        assertShared(server, "omg-o19-emr-order", "message.hl7", "5001");
    }

    @Test
    void receivedStudyUidOfARisOrderIsTheImagingStudysUid(FhirTestServer server) throws Exception {
        assertShared(server, "orm-o01-ris-change", "01-new.hl7", "2001");
    }

    private static void assertShared(FhirTestServer server, String scenario, String file, String number) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message(scenario, file, number, n));
            awaitDelivered(engine, 60_000);
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode item : JSON.readTree(engine.get("/api/worklist").body())) {
                if (item.path("00100020").path("Value").path(0).asText().equals("PAT" + n)) {
                    items.add(item);
                }
            }
            assertFalse(items.isEmpty(), "a worklist item for PAT" + n);
            for (JsonNode item : items) {
                String uid = item.path("0020000D").path("Value").path(0).asText();
                String accession = item.path("00080050").path("Value").path(0).asText();
                assertFalse(uid.isEmpty() || accession.isEmpty(), item.toString());
                JsonNode study = one(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + uid);
                String identifiers = study.path("identifier").toString();
                assertTrue(identifiers.contains("\"" + accession + "\""), "accession " + accession + " in " + identifiers);
                String basedOn = study.path("basedOn").path(0).path("reference").asText();
                assertEquals(basedOn, "ServiceRequest/" + one(server, "ServiceRequest?subject.identifier="
                        + OrderToFhirTest.MRN + "|PAT" + n).path("id").asText());
            }
        }
    }
}
