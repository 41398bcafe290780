package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.radbridge.fhir.testing.FhirFlows.awaitDelivered;
import static org.radbridge.fhir.testing.FhirFlows.awaitEntries;
import static org.radbridge.fhir.testing.FhirFlows.count;
import static org.radbridge.fhir.testing.FhirFlows.message;
import static org.radbridge.fhir.testing.FhirFlows.one;
import static org.radbridge.fhir.testing.FhirFlows.sendAccepted;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.testing.TestEngine;

/** report-to-fhir against a real HAPI FHIR JPA server: one DiagnosticReport, linked to the order and the study. */
@ExtendWith(FhirServerExtension.class)
class ReportToFhirTest {

    static final String FILLER = OrderToFhirTest.FILLER;

    @Test
    void aReportGivesOneDiagnosticReportLinkedToTheServiceRequestAndTheStudy(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            sendAccepted(engine, message("oru-r01-report", "message.hl7", "1001", n));
            awaitEntries(engine, 2, 30_000);
            awaitDelivered(engine, 60_000);
            JsonNode sr = one(server, "ServiceRequest?identifier=" + FILLER + "|FIL" + n);
            JsonNode study = one(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543." + n);
            JsonNode dr = one(server, "DiagnosticReport?identifier=" + FILLER + "|FIL" + n);
            assertEquals("final", dr.path("status").asText());
            assertEquals("ServiceRequest/" + sr.path("id").asText(), dr.path("basedOn").path(0).path("reference").asText());
            assertEquals("ImagingStudy/" + study.path("id").asText(), dr.path("imagingStudy").path(0).path("reference").asText());
            assertEquals("IMPRESSION: Normal CT chest & mediastinum.", dr.path("conclusion").asText());
            String text = new String(Base64.getDecoder().decode(dr.path("presentedForm").path(0).path("data").asText()),
                    StandardCharsets.UTF_8);
            assertTrue(text.startsWith("FINDINGS: No pulmonary embolism."), text);
            // the scenario's interpreter is in OBR-32 (principal result interpreter): the resultsInterpreter
            assertEquals("Practitioner/" + one(server, "Practitioner?identifier=" + OrderToFhirTest.STAFF + "|7777").path("id").asText(),
                    dr.path("resultsInterpreter").path(0).path("reference").asText());
            assertEquals(1, count(server, "DiagnosticReport?based-on=ServiceRequest/" + sr.path("id").asText()));

            // the report again (new control id): still one
            sendAccepted(engine, message("oru-r01-report", "message.hl7", "1001", n));
            awaitEntries(engine, 3, 30_000);
            awaitDelivered(engine, 60_000);
            assertEquals(1, count(server, "DiagnosticReport?identifier=" + FILLER + "|FIL" + n));
            assertEquals(1, count(server, "ServiceRequest?identifier=" + FILLER + "|FIL" + n));
        }
    }
}
