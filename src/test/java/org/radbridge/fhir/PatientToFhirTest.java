package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** patient-to-fhir against a real HAPI FHIR JPA server: A08 merges, A40 links, A47 re-identifies. */
@ExtendWith(FhirServerExtension.class)
class PatientToFhirTest {

    static final String MRN = OrderToFhirTest.MRN;

    @Test
    void anA08TelecomSurvivesALaterOrder(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            awaitDelivered(engine, 60_000);
            sendAccepted(engine, message("adt-a08-update", "message.hl7", "PAT1001", "PAT" + n));
            awaitDelivered(engine, 60_000);
            JsonNode p = one(server, "Patient?identifier=" + MRN + "|PAT" + n);
            assertTelecomOfA08(p);
            assertEquals("7 NEW STREET", p.path("address").path(0).path("line").path(0).asText());
            assertTrue(p.path("identifier").toString().contains("999-00-" + n.substring(n.length() - 4)) || p.path("identifier").toString()
                    .contains("us-ssn"), "the SSN the A08 did not carry stays: " + p.path("identifier"));

            // a later order with the old phone number in its PID
            String later = message("orm-o01-ris-new-ct", "message.hl7", "1001", n).replace("ACC" + n, "ACC" + n + "B")
                    .replace("PLC" + n, "PLC" + n + "B").replace("FIL" + n, "FIL" + n + "B");
            sendAccepted(engine, later);
            awaitDelivered(engine, 60_000);
            p = one(server, "Patient?identifier=" + MRN + "|PAT" + n);
            assertTelecomOfA08(p);
            assertEquals(2, count(server, "ServiceRequest?subject.identifier=" + MRN + "|PAT" + n));
        }
    }

    private static void assertTelecomOfA08(JsonNode p) {
        String telecom = p.path("telecom").toString();
        assertTrue(telecom.contains("(217)555-0199"), telecom);
        assertTrue(telecom.contains("anna.tester@example.org"), telecom);
        assertFalse(telecom.contains("555-0101"), telecom);
    }

    @Test
    void anA40LinksTheTwoPatientsAndDeactivatesTheMergedOne(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            // the surviving patient's order, and an order under the old id
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", n + "9").replace("PAT" + n + "9",
                    "PAT" + n + "-OLD"));
            awaitDelivered(engine, 60_000);
            sendAccepted(engine, message("adt-a40-merge", "message.hl7", "PAT1001", "PAT" + n));
            awaitDelivered(engine, 60_000);
            JsonNode survivor = one(server, "Patient?identifier=" + MRN + "|PAT" + n);
            JsonNode merged = one(server, "Patient?identifier=" + MRN + "|PAT" + n + "-OLD");
            assertEquals(false, merged.path("active").asBoolean(true));
            assertEquals("replaced-by", merged.path("link").path(0).path("type").asText());
            assertEquals("Patient/" + survivor.path("id").asText(), merged.path("link").path(0).path("other").path("reference").asText());
            assertEquals("replaces", survivor.path("link").path(0).path("type").asText());
            assertEquals("Patient/" + merged.path("id").asText(), survivor.path("link").path(0).path("other").path("reference").asText());
            assertEquals("TESTER", merged.path("name").path(0).path("family").asText(), "the merged Patient keeps its demographics");

            // resent: no second link
            sendAccepted(engine, message("adt-a40-merge", "message.hl7", "PAT1001", "PAT" + n));
            awaitDelivered(engine, 60_000);
            assertEquals(1, one(server, "Patient?identifier=" + MRN + "|PAT" + n).path("link").size());
            assertEquals(1, count(server, "Patient?identifier=" + MRN + "|PAT" + n + "-OLD"));
        }
    }

    @Test
    void anA47ChangesThePatientIdentifier(FhirTestServer server) throws Exception {
        String n = FhirFlows.uniqueNumber();
        try (TestEngine engine = FhirFlows.engine(server, Map.of())) {
            sendAccepted(engine, message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            awaitDelivered(engine, 60_000);
            String id = one(server, "Patient?identifier=" + MRN + "|PAT" + n).path("id").asText();
            String a47 = FhirFlows.withControlId("MSH|^~\\&|DEMO_EMR|MAINHOSP|RADBRIDGE|RAD|20261201150000||ADT^A47^ADT_A30|X|P|2.5.1\r"
                    + "EVN|A47|20261201150000\r"
                    + "PID|1||PAT" + n + "N^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
                    + "MRG|PAT" + n + "^^^HOSP^MR\r", "A47-" + n);
            sendAccepted(engine, a47);
            awaitDelivered(engine, 60_000);
            assertEquals(0, count(server, "Patient?identifier=" + MRN + "|PAT" + n));
            JsonNode p = one(server, "Patient?identifier=" + MRN + "|PAT" + n + "N");
            assertEquals(id, p.path("id").asText(), "the same Patient, re-identified");
            assertTrue(p.path("telecom").toString().contains("555-0101"), "demographics the A47 did not carry stay");
        }
    }
}
