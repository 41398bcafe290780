package org.radbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * No silent drops (docs/site-adaptation.md "Held effects"): an ORM whose PID-3 assigning authority (NORTHGATE) is not
 * in codes/identifier-systems.yaml is answered AA, its worklist item is written, and its FHIR Bundle is held with the
 * reason (GET /api/held, radbridge_effects_held, /health "configuration" WARN); a later order of the same patient waits
 * behind it. Once the site adds NORTHGATE in its overlay and reloads (POST /api/config/reload), both Bundles are
 * made, in order, and delivered through the normal outbox (the file outbox here); the held list is empty again, and
 * each journal entry names the configuration digest that processed it.
 */
class HeldEffectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The database properties (the embedded SQLite here; PostgreSQL in HeldEffectsPostgresTest). */
    Map<String, String> database() {
        return Map.of();
    }

    private TestEngine start(Path overlay) throws Exception {
        Map<String, String> p = new java.util.HashMap<>(database());
        p.put("radbridge.mappings.overlay-dir", overlay.toString());
        return TestEngine.start(p);
    }

    @Test
    void anUnknownAssigningAuthorityIsHeldAndReleasedInOrderAfterTheOverlayIsFixedAndReloaded(@TempDir Path overlay) throws Exception {
        String n = FhirFlows.uniqueNumber();
        String first = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n).replace("^^^HOSP^MR", "^^^NORTHGATE^MR");
        String second = FhirFlows.withControlId(first.replace("FIL" + n, "FIL" + n + "B").replace("PLC" + n, "PLC" + n + "B")
                .replace("ACC" + n, "ACC" + n + "B").replace("RP" + n, "RP" + n + "B").replace("SPS" + n, "SPS" + n + "B")
                .replace("543." + n, "543." + n + ".2"), "T" + FhirFlows.uniqueNumber());
        try (TestEngine engine = start(overlay)) {
            String ack = engine.send(first.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(ack.contains("MSA|AA"), ack);
            long firstId = FhirFlows.journalId(engine, controlId(first));
            String worklist = engine.get("/api/worklist").body();
            assertTrue(worklist.contains("ACC" + n), "the worklist item is written: " + worklist);
            assertEquals(0, FhirFlows.entries(engine).size(), "no Bundle in the outbox while held");

            JsonNode held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(1, held.size(), held.toString());
            assertEquals(firstId, held.get(0).path("messageId").asLong());
            assertEquals("order-to-fhir", held.get(0).path("flow").asText());
            assertTrue(held.get(0).path("reason").asText().contains("NORTHGATE"), held.toString());
            assertTrue(held.get(0).path("since").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), held.toString());
            assertTrue(engine.get("/metrics").body().contains("\nradbridge_effects_held 1"), "metric counts the held effect");
            var health = engine.request("GET", "/health", null, null);
            assertEquals(200, health.statusCode(), health.body());
            JsonNode h = JSON.readTree(health.body());
            assertEquals("UP", h.path("status").asText());
            assertEquals("WARN", h.path("checks").path("configuration").path("status").asText(), health.body());
            String detail = engine.get("/api/messages/" + firstId).body();
            assertTrue(detail.contains("\"HELD\""), "the journal entry says what was held: " + detail);

            ack = engine.send(second.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(ack.contains("MSA|AA"), ack);
            held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(2, held.size(), "a later order of the same patient waits behind the held one: " + held);
            assertTrue(engine.get("/metrics").body().contains("\nradbridge_effects_held 2"));
            String digestBefore = JSON.readTree(engine.get("/api/messages/" + firstId).body()).path("configDigest").asText();
            assertTrue(digestBefore.startsWith("sha256:"), digestBefore);

            Files.createDirectories(overlay.resolve("codes"));
            String systems = Files.readString(ProjectPaths.project().resolve("mappings/codes/identifier-systems.yaml"));
            Files.writeString(overlay.resolve("codes/identifier-systems.yaml"),
                    systems + "NORTHGATE: urn:oid:1.2.826.0.1.3680043.10.543.200.1   # Northgate Clinic (site overlay)\n");
            var reload = engine.post("/api/config/reload", "");
            assertEquals(200, reload.statusCode(), reload.body());
            JsonNode r = JSON.readTree(reload.body());
            assertEquals(2, r.path("released").asInt(), reload.body());
            assertTrue(r.path("changedFiles").toString().contains("overlay/codes/identifier-systems.yaml"), reload.body());
            assertNotEquals(digestBefore, r.path("digest").asText());

            assertEquals("[ ]", engine.get("/api/held").body().strip());
            assertTrue(engine.get("/metrics").body().contains("\nradbridge_effects_held 0"));
            h = JSON.readTree(engine.request("GET", "/health", null, null).body());
            assertEquals("UP", h.path("checks").path("configuration").path("status").asText());
            List<OutboxEntry> entries = FhirFlows.entries(engine);
            assertEquals(2, entries.size());
            OutboxEntry a = entries.stream().filter(e -> e.messageId() == firstId).findFirst().orElseThrow();
            OutboxEntry b = entries.stream().filter(e -> e.messageId() != firstId).findFirst().orElseThrow();
            assertTrue(a.id() < b.id(), "released in arrival order");
            assertEquals(a.orderingKey(), b.orderingKey(), "one patient, one ordering key");
            FhirFlows.awaitDelivered(engine, 30_000);
            String bundles = String.join("\n", files(engine.dataDir().resolve("outbox/fhir")));
            assertTrue(bundles.contains("urn:oid:1.2.826.0.1.3680043.10.543.200.1") && bundles.contains("PAT" + n), "delivered Bundle");
            assertTrue(bundles.contains("ACC" + n + "B"), "the second order's Bundle too");

            String third = FhirFlows.withControlId(second, "T" + FhirFlows.uniqueNumber());
            FhirFlows.sendAccepted(engine, third);
            long thirdId = FhirFlows.journalId(engine, controlId(third));
            assertEquals(r.path("digest").asText(), JSON.readTree(engine.get("/api/messages/" + thirdId).body()).path("configDigest").asText(),
                    "entries after the reload name the new digest");
            assertEquals(digestBefore, JSON.readTree(engine.get("/api/messages/" + firstId).body()).path("configDigest").asText(),
                    "the held message keeps the digest that processed it");
            assertTrue(engine.get("/api/held?state=RELEASED").body().contains("\"closedBy\" : \"admin\""));
            assertNotNull(auditOf(engine, "config-reload"));
        }
    }

    @Test
    void anOperatorReleasesOrDiscardsOneHeldEffect(@TempDir Path overlay) throws Exception {
        String n = FhirFlows.uniqueNumber();
        String msg = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n).replace("^^^HOSP^MR", "^^^NORTHGATE^MR");
        try (TestEngine engine = start(overlay)) {
            FhirFlows.sendAccepted(engine, msg);
            long first = JSON.readTree(engine.get("/api/held").body()).get(0).path("id").asLong();
            long messageId = JSON.readTree(engine.get("/api/held").body()).get(0).path("messageId").asLong();
            var again = engine.post("/api/messages/" + messageId + "/reprocess", "");
            assertEquals(200, again.statusCode(), again.body());
            JsonNode held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(1, held.size(), "a reprocessed message's held effect is superseded, not doubled: " + held);
            long id = held.get(0).path("id").asLong();
            assertNotEquals(first, id);
            assertTrue(engine.get("/api/held?state=DISCARDED").body().contains("superseded by reprocess"));
            var refused = engine.post("/api/held/" + id + "/release", "");
            assertEquals(409, refused.statusCode(), "still unknown: not released: " + refused.body());
            assertTrue(refused.body().contains("NORTHGATE"), refused.body());
            assertEquals(404, engine.post("/api/held/999999/discard", "").statusCode());
            var discarded = engine.post("/api/held/" + id + "/discard", "");
            assertEquals(200, discarded.statusCode(), discarded.body());
            assertEquals("[ ]", engine.get("/api/held").body().strip());
            assertTrue(engine.get("/api/held?state=DISCARDED").body().contains("\"id\" : " + id));
            assertTrue(engine.get("/api/messages/" + messageId).body().contains("discarded by admin"));
            assertEquals(0, FhirFlows.entries(engine).size());
            assertNotNull(auditOf(engine, "discard"));
        }
    }

    @Test
    void anUnroutedReportIsHeldUntilARouteTakesIt(@TempDir Path overlay) throws Exception {
        Files.createDirectories(overlay.resolve("to-hl7"));
        String routing = Files.readString(ProjectPaths.project().resolve("mappings/to-hl7/report-to-emr.yaml"));
        Files.writeString(overlay.resolve("to-hl7/report-to-emr.yaml"), routing
                .replace("  - when: {MSH-4: \"*\"}", "  - when: {MSH-4: [CARDIO]}").replace("unrouted: reject", "unrouted: hold"));
        String n = FhirFlows.uniqueNumber();
        String report = FhirFlows.message("oru-r01-report", "message.hl7", "1001", n);
        try (TestEngine engine = start(overlay)) {
            FhirFlows.sendAccepted(engine, report);
            org.radbridge.testing.Waits.until("the report is held", java.time.Duration.ofSeconds(20),
                    () -> JSON.readTree(engine.get("/api/held").body()).size() > 0);
            JsonNode held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(1, held.size(), "the report is held (after-store), not dropped");
            assertEquals("report-to-emr", held.get(0).path("flow").asText());
            assertTrue(held.get(0).path("reason").asText().contains("no route"), held.toString());
            assertEquals(0, engine.app().engine().context().outbox().list("emr", null, null, 100).size());

            Files.writeString(overlay.resolve("to-hl7/report-to-emr.yaml"), routing.replace("unrouted: reject", "unrouted: hold"));
            var reload = engine.post("/api/config/reload", "");
            assertEquals(200, reload.statusCode(), reload.body());
            assertEquals(1, JSON.readTree(reload.body()).path("released").asInt(), reload.body());
            var emr = engine.app().engine().context().outbox().list("emr", null, null, 100);
            assertEquals(1, emr.size(), "the report is queued for the EMR");
            assertTrue(emr.get(0).payloadText().contains("PAT" + n), "the report itself");
        }
    }

    @Test
    void aLaterBundleOfThePatientWaitsBehindAHeldOneAndGoesWhenItIsDiscarded(@TempDir Path overlay) throws Exception {
        String n = FhirFlows.uniqueNumber();
        String good = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n);
        String bad = FhirFlows.withControlId(good.replace("^DEMO_EMR|", "^ELSEWHERE|").replace("^DEMO_RIS|", "^ELSEWHERE|"),
                "T" + FhirFlows.uniqueNumber());
        String later = FhirFlows.withControlId(good, "T" + FhirFlows.uniqueNumber());
        try (TestEngine engine = start(overlay)) {
            FhirFlows.sendAccepted(engine, bad);
            JsonNode held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(1, held.size(), held.toString());
            assertTrue(held.get(0).path("reason").asText().contains("ELSEWHERE"), held.toString());
            FhirFlows.sendAccepted(engine, later);
            held = JSON.readTree(engine.get("/api/held").body());
            assertEquals(2, held.size(), "the patient's next Bundle waits: " + held);
            assertTrue(held.get(1).path("reason").asText().startsWith("waits behind held effect " + held.get(0).path("id").asLong()),
                    held.toString());
            assertEquals(0, FhirFlows.entries(engine).size());

            assertEquals(200, engine.post("/api/held/" + held.get(0).path("id").asLong() + "/discard", "").statusCode());
            assertEquals("[ ]", engine.get("/api/held").body().strip(), "the one behind was released");
            assertEquals(1, FhirFlows.entries(engine).size());
            assertEquals(FhirFlows.journalId(engine, controlId(later)), FhirFlows.entries(engine).get(0).messageId());
            FhirFlows.awaitDelivered(engine, 30_000);
        }
    }

    static String controlId(String hl7) {
        return hl7.split("\r")[0].split("\\|")[9];
    }

    static String auditOf(TestEngine engine, String action) throws Exception {
        for (JsonNode a : JSON.readTree(engine.get("/api/audit").body())) {
            if (a.path("detail").asText().contains("\"action\":\"" + action + "\"")) {
                return a.toString();
            }
        }
        return null;
    }

    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
