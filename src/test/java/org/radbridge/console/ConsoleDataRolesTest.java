package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.api.Principals;
import org.radbridge.console.testing.ConsoleHttp;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * Roles and audit of the data pages over HTTP: a phi-read principal sees messages (each view audited with the
 * principal and the patient) but gets no reprocess, retry or pause button and a 403 for the actions; a signed-out
 * visitor is sent to sign-in; the raw download is audited; a bad search answers 400 with the keys.
 */
class ConsoleDataRolesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void phiReadSeesButCannotAct() throws Exception {
        String secret = Principals.newSecret();
        Path tokens = Files.createTempFile("tokens", ".yaml");
        Files.writeString(tokens, "tokens:\n  - id: reader\n    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(secret))
                + "\n    roles: [phi-read]\n");
        try (TestEngine e = TestEngine.start(Map.of("radbridge.api.tokens-file", tokens.toString()))) {
            String ack = e.send(Files.readString(ProjectPaths.testMessages().resolve("orm-o01-ris-new-ct/message.hl7"),
                    StandardCharsets.ISO_8859_1));
            assertTrue(ack.contains("MSA|AA"), ack);
            long id = JSON.readTree(e.get("/api/messages?accession=ACC1001").body()).get(0).path("id").asLong();

            ConsoleHttp anon = new ConsoleHttp(e);
            var r = anon.get("/console/messages/" + id);
            assertEquals(303, r.statusCode(), "signed out: sent to sign-in");
            assertFalse(r.body().contains("TESTER"));

            ConsoleHttp reader = new ConsoleHttp(e);
            reader.signIn("reader." + secret);
            var page = reader.get("/console/messages/" + id);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("title=\"PID-5 Patient Name\""), "field names on hover");
            assertFalse(page.body().contains("/reprocess"), "no reprocess button without the replay role");
            var outbox = reader.get("/console/outbox");
            assertEquals(200, outbox.statusCode());
            assertFalse(outbox.body().contains("/pause\""), "no pause button without the admin role");
            assertFalse(outbox.body().contains("/redeliver\""), "no redeliver button without the replay role");
            assertEquals(403, reader.post("/console/messages/" + id + "/reprocess", "").statusCode());
            assertEquals(403, reader.post("/console/destinations/fhir/pause", "").statusCode());
            assertEquals(200, reader.get("/console/orders/ACC1001").statusCode());
            assertEquals(200, reader.get("/console/worklist?date=all").statusCode());
            assertEquals(200, reader.get("/console/reconciliation").statusCode());
            var raw = reader.get("/console/messages/" + id + "/raw");
            assertEquals(200, raw.statusCode());
            assertTrue(raw.body().startsWith("MSH|"));
            var bad = reader.get("/console/messages?q=colour:blue");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("unknown search key"));
            assertEquals(404, reader.get("/console/messages/999999").statusCode());

            boolean viewed = false;
            boolean download = false;
            for (JsonNode a : JSON.readTree(e.get("/api/audit?limit=1000").body())) {
                if ("reader".equals(a.path("principal").asText()) && "PAT1001^HOSP".equals(a.path("patientId").asText())
                        && a.path("objectId").asText().equals("GET /console/messages/" + id)) {
                    viewed = true;
                }
                download |= "reader".equals(a.path("principal").asText()) && a.path("detail").asText().contains("download");
            }
            assertTrue(viewed, "the view is audited with the principal and the patient");
            assertTrue(download, "the download is audited");
        } finally {
            Files.deleteIfExists(tokens);
        }
    }
}
