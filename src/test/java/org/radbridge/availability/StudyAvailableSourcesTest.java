package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.api.Principals;
import org.radbridge.dicom.UID;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.TestEngine;

/**
 * The sources' edges: the webhook's roles and refusals, IAN refusals (dcmjs-dimse), matching by patient (optional)
 * and an ambiguous match, and what the journal and the audit show of an event.
 */
@Timeout(240)
class StudyAvailableSourcesTest {

    @TempDir
    Path tmp;

    static final String RIS_CT = "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|%s|P|2.3.1\r"
            + "PID|1||PAT1001^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
            + "PV1|1|O\r"
            + "ORC|NW|%s^DEMO_EMR|F%s^DEMO_RIS||SC||^^^20261201093000^^R\r"
            + "OBR|1|%s^DEMO_EMR|F%s^DEMO_RIS|71250^CT CHEST^C4||||||||||||||%s|RP%s|SPS%s||||CT\r"
            + "ZDS|%s^DEMO_RIS^Application^DICOM\r";

    static String order(String n, String accession, String studyUid) {
        return RIS_CT.formatted("C" + n, "PLC" + n, n, "PLC" + n, n, accession, n, n, studyUid);
    }

    @Test
    void theWebhookNeedsItsRoleAndAGoodBody() throws Exception {
        String secret = Principals.newSecret();
        String reader = Principals.newSecret();
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n  - id: pacs\n    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(secret))
                + "\n    roles: [webhook]\n  - id: reader\n    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(reader))
                + "\n    roles: [phi-read]\n");
        try (TestEngine e = TestEngine.start(Map.of("radbridge.api.tokens-file", tokens.toString()))) {
            String body = "{\"studyInstanceUid\":\"1.2.826.0.1.3680043.10.543.8001\"}";
            assertEquals(401, e.request("POST", "/api/events/study-available", body, null).statusCode());
            assertEquals(403, e.request("POST", "/api/events/study-available", body, "reader." + reader).statusCode());
            HttpResponse<String> bad = e.request("POST", "/api/events/study-available", "{\"studyUid\":\"1.2\"}", "pacs." + secret);
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("unknown member studyUid"), bad.body());
            assertEquals(400, e.request("POST", "/api/events/study-available", "not json", "pacs." + secret).statusCode());
            assertEquals(0, AvailabilityScenarios.events(e).size(), "refused bodies leave no journal entry");
            HttpResponse<String> ok = e.request("POST", "/api/events/study-available", body, "pacs." + secret);
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode o = AvailabilityScenarios.JSON.readTree(ok.body());
            assertEquals("none", o.path("matchedBy").asText());
            JsonNode entry = AvailabilityScenarios.JSON.readTree(e.get("/api/messages/" + o.path("journalId").asLong()).body());
            assertEquals("pacs", entry.path("sender").asText(), entry.toString());
            assertEquals("http-webhook", entry.path("channel").asText(), entry.toString());
            assertTrue(entry.toString().contains("1.2.826.0.1.3680043.10.543.8001"), "the event is the entry's payload: " + entry);
            String audit = e.get("/api/audit?type=RECEIPT").body();
            assertTrue(audit.contains("study-available"), audit);
            // every call by the PACS audited once with its answer; the accepted one's API_ACCESS record was written in
            // the event's own transaction (right behind its RECEIPT record, nothing between them)
            org.radbridge.audit.JdbcAuditTrail trail = (org.radbridge.audit.JdbcAuditTrail) e.app().engine().context().audit();
            List<org.radbridge.audit.JdbcAuditTrail.Stored> all = trail.list(null, null, null, null, 100_000);
            List<org.radbridge.audit.JdbcAuditTrail.Stored> calls = all.stream()
                    .filter(x -> org.radbridge.audit.AuditEvent.API_ACCESS.equals(x.event().type())
                            && "POST /api/events/study-available".equals(x.event().objectId()) && "pacs".equals(x.event().principal()))
                    .toList();
            assertEquals(List.of("{\"status\":400}", "{\"status\":400}", "{\"status\":200}"),
                    calls.stream().map(x -> x.event().detail()).toList(), "one record per call, with its answer");
            org.radbridge.audit.JdbcAuditTrail.Stored receipt = all.stream().filter(x -> "study-available".equals(x.event().objectType())
                    && org.radbridge.audit.AuditEvent.RECEIPT.equals(x.event().type())).findFirst().orElseThrow();
            assertEquals(receipt.seq() + 1, calls.get(2).seq(), "the call's record follows the event's, in its transaction");
            assertTrue(all.stream().allMatch(trail::intact), "the chain holds");
        }
    }

    @Test
    void ianRefusalsAnswerWithAFailureStatus() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            Map<String, Object> noUid = Map.of("op", "ncreate", "sopClass", UID.InstanceAvailabilityNotification,
                    "sopInstance", "1.2.826.0.1.3680043.10.543.99.1", "dataset", Map.of("ReferencedSeriesSequence", List.of()));
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "PACS", "RADBRIDGE", List.of(noUid));
            assertEquals(0x0120, r.get(0).path("status").asInt(), "Missing Attribute: " + r);
            Map<String, Object> fine = Map.of("op", "ncreate", "sopClass", UID.InstanceAvailabilityNotification,
                    "sopInstance", "1.2.826.0.1.3680043.10.543.99.2", "dataset", Map.of("StudyInstanceUID", "1.2.826.0.1.3680043.10.543.8002",
                            "ReferencedSeriesSequence", List.of(Map.of("SeriesInstanceUID", "1.2.826.0.1.3680043.10.543.8002.1"))));
            r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(fine));
            assertEquals(0x0124, r.get(0).path("status").asInt(), "CT01 may not use ian (dicom-aes.yaml): " + r);
            assertEquals(0, AvailabilityScenarios.events(e).size());
            r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "PACS", "RADBRIDGE", List.of(fine));
            assertEquals(0, r.get(0).path("status").asInt(), r.toString());
            assertEquals(1, AvailabilityScenarios.events(e).size());
        }
    }

    @Test
    void matchingByPatientIsOptionalAndAmbiguousMatchesFindNothing() throws Exception {
        for (boolean byPatient : new boolean[] {false, true}) {
            try (TestEngine e = TestEngine.start(Map.of("radbridge.availability.match-by-patient", String.valueOf(byPatient)))) {
                String ack1 = e.send(order("1", "ACCX", "1.2.826.0.1.3680043.10.543.8101"));
                assertTrue(ack1.contains("MSA|AA"), ack1);
                HttpResponse<String> r = e.post("/api/events/study-available", """
                        {"studyInstanceUid": "1.2.826.0.1.3680043.10.543.8199", "patientId": "PAT1001", "patientIdIssuer": "HOSP",
                         "studyDate": "20261201", "series": [{"seriesInstanceUid": "1.2.826.0.1.3680043.10.543.8199.1", "modality": "CT"}]}""");
                assertEquals(byPatient ? "patient" : "none", AvailabilityScenarios.JSON.readTree(r.body()).path("matchedBy").asText(), r.body());
            }
        }
        try (TestEngine e = TestEngine.start(Map.of("radbridge.availability.match-by-patient", "true"))) {
            assertTrue(e.send(order("2", "ACCY", "1.2.826.0.1.3680043.10.543.8102")).contains("MSA|AA"));
            String ack3 = e.send(order("3", "ACCZ", "1.2.826.0.1.3680043.10.543.8103"));
            assertTrue(ack3.contains("MSA|AA"), ack3);
            HttpResponse<String> r = e.post("/api/events/study-available", """
                    {"studyInstanceUid": "1.2.826.0.1.3680043.10.543.8198", "patientId": "PAT1001", "patientIdIssuer": "HOSP",
                     "studyDate": "20261201", "series": [{"seriesInstanceUid": "1.2.826.0.1.3680043.10.543.8198.1", "modality": "CT"}]}""");
            JsonNode o = AvailabilityScenarios.JSON.readTree(r.body());
            assertEquals("none", o.path("matchedBy").asText(), r.body());
            JsonNode entry = AvailabilityScenarios.JSON.readTree(e.get("/api/messages/" + o.path("journalId").asLong()).body());
            assertTrue(entry.toString().contains("fit 2 orders: ambiguous"), entry.toString());
        }
    }
}
