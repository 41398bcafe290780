package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.api.Principals;
import org.radbridge.console.testing.ConsoleHttp;
import org.radbridge.testing.TestEngine;

/**
 * A named token of radbridge.api.tokens-file in the console: its roles decide the navigation and the pages (403 for
 * an admin page), and revoking the token ends the console session at the next request.
 */
class ConsoleRolesTest {

    @TempDir
    Path dir;

    static String tokens(String id, String secret, String roles) {
        return "tokens:\n  - id: " + id + "\n    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(secret)) + "\n    roles: [" + roles + "]\n";
    }

    @Test
    void rolesDecideAndRevocationEndsTheSession() throws Exception {
        Path file = dir.resolve("tokens.yaml");
        Files.writeString(file, tokens("ana", "s3cr3t-ana", "phi-read"));
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.api.tokens-file", file.toString()))) {
            ConsoleHttp h = new ConsoleHttp(engine);
            assertEquals(303, h.signIn("ana.s3cr3t-ana").statusCode());
            HttpResponse<String> dash = h.get("/console/");
            assertEquals(200, dash.statusCode());
            assertTrue(dash.body().contains("href=\"/console/disclosures\""));
            assertFalse(dash.body().contains("href=\"/console/config\""), "no admin page in the navigation");
            assertEquals(200, h.get("/console/disclosures?patient=P1").statusCode());
            HttpResponse<String> config = h.get("/console/config");
            assertEquals(403, config.statusCode());
            assertFalse(config.body().contains("radbridge.admin.token"));
            assertEquals(403, h.post("/console/audit/verify", "").statusCode(), "an admin action refused");

            // revoke: the tokens file without ana (read again within about a second)
            Files.writeString(file, tokens("bo", "other-secret-bo", "admin"));
            org.radbridge.testing.Waits.until("the session ends with its token", java.time.Duration.ofSeconds(20),
                    () -> h.get("/console/").statusCode() != 200);
            assertEquals(303, h.get("/console/").statusCode());
            assertEquals(303, h.get("/console/disclosures?patient=P1").statusCode());
        }
    }
}
