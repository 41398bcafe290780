package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.radbridge.fhir.testing.FhirFlows.awaitDelivered;
import static org.radbridge.fhir.testing.FhirFlows.count;
import static org.radbridge.fhir.testing.FhirFlows.message;
import static org.radbridge.fhir.testing.FhirFlows.one;
import static org.radbridge.fhir.testing.FhirFlows.sendAccepted;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.testing.TestEngine;

/**
 * order-to-fhir against a real HAPI FHIR JPA server: what the server stores after orders, resends, changes and
 * cancels (searched on the server, not read from what was sent).
 */
@ExtendWith(FhirServerExtension.class)
class OrderToFhirTest {

    static final String MRN = "urn:oid:1.2.826.0.1.3680043.10.543.100.1";
    static final String VISIT = "urn:oid:1.2.826.0.1.3680043.10.543.100.2";
    static final String STAFF = "urn:oid:1.2.826.0.1.3680043.10.543.100.3";
    static final String PLACER = "urn:oid:1.2.826.0.1.3680043.10.543.100.10";
    static final String FILLER = "urn:oid:1.2.826.0.1.3680043.10.543.100.20";

    @Test
    void anOrderCreatesEachResourceOnceAndResendsAndChangesKeepTheCounts(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("orm-o01-ris-change", "01-new.hl7", "2001", n));
            awaitDelivered(engine, 60_000);
            assertCounts(server, n);
            JsonNode sr = one(server, "ServiceRequest?identifier=" + PLACER + "|PLC" + n);
            assertEquals("2026-12-01T09:30:00-06:00", sr.path("occurrenceDateTime").asText());
            String srId = sr.path("id").asText();

            sendAccepted(engine, message("orm-o01-ris-change", "01-new.hl7", "2001", n)); // the same order again
            sendAccepted(engine, message("orm-o01-ris-change", "02-change.hl7", "2001", n)); // XO: moved to 14:00
            awaitDelivered(engine, 60_000);
            assertCounts(server, n);
            sr = one(server, "ServiceRequest?identifier=" + FILLER + "|FIL" + n);
            assertEquals(srId, sr.path("id").asText(), "updated in place");
            assertEquals("2026-12-01T14:00:00-06:00", sr.path("occurrenceDateTime").asText());
            assertEquals("active", sr.path("status").asText());
            assertEquals("order", sr.path("intent").asText());
            JsonNode patient = one(server, "Patient?identifier=" + MRN + "|PAT" + n);
            assertEquals("Patient/" + patient.path("id").asText(), sr.path("subject").path("reference").asText());
            JsonNode requester = one(server, "Practitioner?identifier=" + STAFF + "|1234");
            assertEquals("Practitioner/" + requester.path("id").asText(), sr.path("requester").path("reference").asText());
            JsonNode study = one(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543." + n);
            assertEquals("registered", study.path("status").asText());
            assertEquals("ServiceRequest/" + srId, study.path("basedOn").path(0).path("reference").asText());
            assertEquals("CT", study.path("modality").path(0).path("code").asText());
        }
    }

    private static void assertCounts(FhirTestServer server, String n) throws Exception {
        assertEquals(1, count(server, "Patient?identifier=" + MRN + "|PAT" + n));
        assertEquals(1, count(server, "Encounter?identifier=" + VISIT + "|VISIT" + n));
        assertEquals(1, count(server, "ServiceRequest?identifier=" + PLACER + "|PLC" + n));
        assertEquals(1, count(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543." + n));
        assertEquals(1, count(server, "Practitioner?identifier=" + STAFF + "|1234"), "ordering provider, once for the whole run");
        assertEquals(1, count(server, "Practitioner?identifier=" + STAFF + "|5678"), "referring doctor");
        assertEquals(1, count(server, "ServiceRequest?subject.identifier=" + MRN + "|PAT" + n));
    }

    @Test
    void aCancelRevokesTheServiceRequestAndCancelsTheStudy(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("orm-o01-ris-cancel", "01-new.hl7", "3001", n));
            awaitDelivered(engine, 60_000);
            assertEquals("active", one(server, "ServiceRequest?identifier=" + PLACER + "|PLC" + n).path("status").asText());
            sendAccepted(engine, message("orm-o01-ris-cancel", "02-cancel.hl7", "3001", n));
            awaitDelivered(engine, 60_000);
            assertEquals("revoked", one(server, "ServiceRequest?identifier=" + PLACER + "|PLC" + n).path("status").asText());
            assertEquals("cancelled", one(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543."
                    + n).path("status").asText());
            assertEquals(1, count(server, "ServiceRequest?identifier=" + FILLER + "|FIL" + n));
        }
    }

    @Test
    void anOmiWithTwoStepsGivesOneServiceRequestAndOneStudy(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("omi-o23-ris-two-ipc", "message.hl7", "6001", n));
            awaitDelivered(engine, 60_000);
            JsonNode sr = one(server, "ServiceRequest?identifier=" + FILLER + "|ACC" + n);
            assertEquals("registered", one(server, "ImagingStudy?identifier=" + FILLER + "|ACC" + n).path("status").asText());
            assertEquals(1, count(server, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543." + n));
            // the visit number (PV1-19) identifies the Encounter the study belongs to
            JsonNode encounter = one(server, "Encounter?identifier=" + VISIT + "|VISIT" + n);
            assertEquals("Encounter/" + encounter.path("id").asText(), sr.path("encounter").path("reference").asText());
            assertTrue(sr.path("code").toString().contains("CTHEADABD"), sr.path("code").toString());
        }
    }
}
