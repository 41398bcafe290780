package org.radbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.api.Principals;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * Hot reload (docs/site-adaptation.md "Reloading configuration"): POST /api/config/reload is admin only (401 without
 * a token, 403 with a phi-read token); an invalid YAML file is refused with its file and line and the running
 * configuration keeps working; a changed routes file is swapped in between messages; with radbridge.config.watch the
 * engine picks up a change on its own (and releases what the change fixes).
 */
class ConfigReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInvalidConfigurationIsRefusedWithFileAndLineAndTheRunningOneStays(@TempDir Path overlay, @TempDir Path tmp) throws Exception {
        String secret = Principals.newSecret();
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n  - id: reader\n    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(secret))
                + "\n    roles: [phi-read, replay]\n");
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString(),
                "radbridge.api.tokens-file", tokens.toString()))) {
            assertEquals(401, engine.request("POST", "/api/config/reload", "", null).statusCode());
            assertEquals(403, engine.request("POST", "/api/config/reload", "", "reader." + secret).statusCode());
            String digest = JSON.readTree(engine.get("/api/config").body()).path("digest").asText();

            Files.createDirectories(overlay.resolve("codes"));
            Files.writeString(overlay.resolve("codes/identifier-systems.yaml"),
                    "HOSP: urn:oid:1.2.826.0.1.3680043.10.543.100.1\nNORTHGATE: [urn:oid:1.2.3\nSS: x\n");
            var refused = engine.post("/api/config/reload", "");
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode errors = JSON.readTree(refused.body()).path("errors");
            assertTrue(errors.size() >= 1, refused.body());
            assertTrue(errors.get(0).path("file").asText().endsWith("codes/identifier-systems.yaml"), refused.body());
            assertTrue(errors.get(0).path("line").asInt() >= 2, "the line of the problem: " + refused.body());
            assertEquals(digest, JSON.readTree(engine.get("/api/config").body()).path("digest").asText(), "the running one stays");

            // the old configuration keeps working: HOSP is known, the Bundle is made
            String n = FhirFlows.uniqueNumber();
            FhirFlows.sendAccepted(engine, FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n));
            FhirFlows.awaitEntries(engine, 1, 10_000);
            assertEquals("[ ]", engine.get("/api/held").body().strip());

            String audit = HeldEffectsTest.auditOf(engine, "config-reload");
            assertTrue(audit != null && audit.contains("refused"), "the refusal is audited: " + audit);
        }
    }

    @Test
    void aChangedRouteIsSwappedInBetweenMessages(@TempDir Path routes, @TempDir Path overlay) throws Exception {
        try (Stream<Path> s = Files.list(ProjectPaths.project().resolve("routes"))) {
            for (Path p : s.toList()) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        Files.writeString(routes.resolve("site-ping.camel.yaml"), route("one"));
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.routes.dir", routes.toString(),
                "radbridge.mappings.overlay-dir", overlay.toString()))) {
            var template = engine.app().template();
            assertEquals("one", template.requestBody("direct:site-ping", "x", String.class));
            String digest = JSON.readTree(engine.get("/api/config").body()).path("digest").asText();

            Files.writeString(routes.resolve("site-ping.camel.yaml"), route("two"));
            var reload = engine.post("/api/config/reload", "");
            assertEquals(200, reload.statusCode(), reload.body());
            assertTrue(reload.body().contains("routes/site-ping.camel.yaml"), reload.body());
            assertEquals("two", template.requestBody("direct:site-ping", "x", String.class));
            String n = FhirFlows.uniqueNumber();
            FhirFlows.sendAccepted(engine, FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n));

            Files.writeString(routes.resolve("site-ping.camel.yaml"), "- route:\n    id: site-ping\n    from: [unclosed\n");
            var refused = engine.post("/api/config/reload", "");
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("site-ping.camel.yaml") && refused.body().contains("\"line\" : 3"), refused.body());
            assertEquals("two", template.requestBody("direct:site-ping", "x", String.class), "the running route stays");

            String audit = HeldEffectsTest.auditOf(engine, "config-reload");
            assertTrue(audit != null && audit.contains("site-ping.camel.yaml"), "audited with the changed file: " + audit);
            assertNotEquals(digest, JSON.readTree(engine.get("/api/config").body()).path("digest").asText());
        }
    }

    @Test
    void aWatchedChangeIsPickedUpAndReleasesWhatWasHeld(@TempDir Path overlay) throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString(),
                "radbridge.config.watch", "true", "radbridge.config.watch-interval-ms", "200"))) {
            String n = FhirFlows.uniqueNumber();
            FhirFlows.sendAccepted(engine, FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n)
                    .replace("^^^HOSP^MR", "^^^NORTHGATE^MR"));
            assertEquals(1, JSON.readTree(engine.get("/api/held").body()).size());
            String digest = JSON.readTree(engine.get("/api/config").body()).path("digest").asText();

            Files.createDirectories(overlay.resolve("codes"));
            Files.writeString(overlay.resolve("codes/identifier-systems.yaml"),
                    Files.readString(ProjectPaths.project().resolve("mappings/codes/identifier-systems.yaml"))
                            + "NORTHGATE: urn:oid:1.2.826.0.1.3680043.10.543.200.1\n");
            org.radbridge.testing.Waits.until("the watcher reloads", java.time.Duration.ofSeconds(20),
                    () -> engine.get("/api/held").body().strip().equals("[ ]"));
            assertEquals("[ ]", engine.get("/api/held").body().strip(), "the watcher reloaded and released the held Bundle");
            assertNotEquals(digest, JSON.readTree(engine.get("/api/config").body()).path("digest").asText());
            assertEquals(1, FhirFlows.entries(engine).size());
            String audit = HeldEffectsTest.auditOf(engine, "config-reload");
            assertTrue(audit != null && audit.contains("file-watcher"), "audited as the watcher: " + audit);
        }
    }

    private static String route(String answer) {
        return "- route:\n    id: site-ping\n    from:\n      uri: direct:site-ping\n      steps:\n        - setBody:\n"
                + "            constant: " + answer + "\n";
    }
}
