package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * GET /api/worklist (filters, DICOM JSON), POST /api/worklist/{studyUid}/{spsId}/status (admin, audited) and
 * the .wl export following every change (flat layout, atomic files, removed when hidden, back when shown).
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorklistApiTest {

    static TestEngine engine;
    static Path export;

    static OrderMessages.Spec spec(String acc, String modality, String station, LocalDateTime start) {
        return new OrderMessages.Spec("P" + acc, "API^" + acc, "19800101", "F", acc, "1.2.826.0.1.3680043.10.543.55." + acc.substring(1),
                "S" + acc, modality, station, "ROOM", "LOC", start, "P1", "Protocol", "");
    }

    @BeforeAll
    static void start() throws Exception {
        export = Files.createTempDirectory("wl-export");
        engine = TestEngine.start(Map.of("radbridge.worklist.export-dir", export.toString(), "radbridge.worklist.export-layout", "flat",
                "radbridge.outbox.poll-ms", "50", "radbridge.worklist.export-charset", "ISO_IR 100"));
        int n = 0;
        for (OrderMessages.Spec s : List.of(spec("B1", "CT", "CT01", LocalDateTime.of(2026, 12, 1, 8, 0)),
                spec("B2", "MR", "MR01", LocalDateTime.of(2026, 12, 2, 9, 0)),
                spec("B3", "CT", "CT02", LocalDateTime.of(2026, 12, 3, 10, 0)))) {
            String ack = engine.send(OrderMessages.omi("API-" + (++n), s, "NW", "SC"));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
        awaitFile(WorklistExport.fileName("1.2.826.0.1.3680043.10.543.55.3", "SB3"), true);
    }

    @AfterAll
    static void stop() {
        engine.close();
        TestEngine.deleteTree(export);
    }

    static void awaitFile(String name, boolean present) throws Exception {
        for (int i = 0; i < 400 && Files.exists(export.resolve(name)) != present; i++) {
            Thread.sleep(25);
        }
        assertEquals(present, Files.exists(export.resolve(name)), name);
    }

    static List<Attributes> list(String query) throws Exception {
        HttpResponse<String> r = engine.get("/api/worklist" + query);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/dicom+json", r.headers().firstValue("Content-Type").orElse(""));
        return DicomJson.readArray(r.body());
    }

    static String acc(List<Attributes> l) {
        return String.join(",", l.stream().map(a -> a.getString(Tag.AccessionNumber)).sorted().toList());
    }

    @Test
    @Order(1)
    void listWithFilters() throws Exception {
        assertEquals("B1,B2,B3", acc(list("")));
        assertEquals("B1,B3", acc(list("?modality=CT")));
        assertEquals("B3", acc(list("?aet=CT02")));
        assertEquals("B2", acc(list("?date=20261202")));
        assertEquals("B2,B3", acc(list("?date=20261202-")));
        assertEquals("B1,B2,B3", acc(list("?status=SCHEDULED")));
        assertEquals("B2", acc(list("?patientId=PB2")));
        assertEquals(400, engine.get("/api/worklist?date=tomorrow").statusCode());
        assertEquals(400, engine.get("/api/worklist?status=DONE").statusCode());
        assertEquals(401, engine.request("GET", "/api/worklist", null, null).statusCode());
    }

    @Test
    @Order(2)
    void manualStatusChangeIsAuditedAndFollowedByTheExport() throws Exception {
        String study = "1.2.826.0.1.3680043.10.543.55.1";
        String file = WorklistExport.fileName(study, "SB1");
        awaitFile(file, true);
        Attributes wl = DicomFile.read(export.resolve(file)).dataset();
        assertEquals("ISO_IR 100", wl.getString(Tag.SpecificCharacterSet), "radbridge.worklist.export-charset");
        assertEquals("API^B1", wl.getString(Tag.PatientName));
        try (var s = Files.list(export)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no half-written files");
        }

        HttpResponse<String> r = engine.post("/api/worklist/" + study + "/SB1/status", "{\"status\":\"COMPLETED\",\"reason\":\"done on paper\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("SCHEDULED", new ObjectMapper().readTree(r.body()).path("from").asText());
        assertEquals("COMPLETED", list("?patientId=PB1").get(0).getNestedItem(Tag.ScheduledProcedureStepSequence)
                .getString(Tag.ScheduledProcedureStepStatus));
        awaitFile(file, false);
        JsonNode audit = new ObjectMapper().readTree(engine.get("/api/audit?type=OPERATOR_ACTION").body());
        assertTrue(audit.toString().contains("worklist-item") && audit.toString().contains("done on paper")
                && audit.toString().contains("\"principal\":\"admin\""), audit.toString());

        assertEquals(200, engine.post("/api/worklist/" + study + "/SB1/status", "{\"status\":\"scheduled\"}").statusCode());
        awaitFile(file, true);

        assertEquals(404, engine.post("/api/worklist/" + study + "/NOPE/status", "{\"status\":\"COMPLETED\"}").statusCode());
        assertEquals(400, engine.post("/api/worklist/" + study + "/SB1/status", "{\"status\":\"FINISHED\"}").statusCode());
        assertEquals(400, engine.post("/api/worklist/" + study + "/SB1/status", "not json").statusCode());
    }

    @Test
    @Order(3)
    void cancelledOrderRemovesTheFile() throws Exception {
        String file = WorklistExport.fileName("1.2.826.0.1.3680043.10.543.55.2", "SB2");
        awaitFile(file, true);
        String ack = engine.send(OrderMessages.omi("API-CA", spec("B2", "MR", "MR01", LocalDateTime.of(2026, 12, 2, 9, 0)), "CA", "CA"));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        awaitFile(file, false);
        assertEquals("B2", acc(list("?status=CANCELED")), "still listed by the API, with its status");
    }
}
