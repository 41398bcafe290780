package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.console.testing.ConsoleHttp;
import org.radbridge.testing.TestEngine;

/**
 * Hostile input to the inputs this work added (the console's sign-in form and search, POST /api/explain,
 * POST /api/config/reload): oversized, malformed, and markup or control bytes that must come back escaped — each gets
 * a clear 4xx answer, never a 500, and nothing is echoed raw.
 */
class ConsoleHostileInputTest {

    static final String MARKUP = "<script>alert(1)</script>\"'&\u0000\u001b";

    @Test
    void hostileInputGetsAClearAnswerAndIsEscaped() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.http.max-body-bytes", "65536"))) {
            ConsoleHttp h = new ConsoleHttp(e);
            // sign-in: a token of markup and control bytes, then one over the body limit
            HttpResponse<String> bad = h.signIn(URLEncoder.encode(MARKUP, StandardCharsets.UTF_8));
            assertTrue(bad.statusCode() >= 400 && bad.statusCode() < 500, bad.statusCode() + " " + bad.body());
            assertFalse(bad.body().contains("<script>alert(1)"), "the token is not echoed raw");
            HttpResponse<String> huge = h.signIn("x".repeat(200_000));
            assertEquals(413, huge.statusCode(), huge.body());

            // the search line: markup and control bytes come back escaped, a malformed term is a 400, not a 500
            assertEquals(303, h.signIn(TestEngine.ADMIN_TOKEN).statusCode());
            HttpResponse<String> search = h.get("/console/messages?q=" + URLEncoder.encode("name:" + MARKUP, StandardCharsets.UTF_8));
            assertTrue(search.statusCode() == 200 || search.statusCode() == 400, search.statusCode() + " " + search.body());
            assertFalse(search.body().contains("<script>alert(1)"), "the query is escaped in the page");
            assertFalse(search.body().contains("\u0000") || search.body().contains("\u001b"), "no raw control bytes");
            HttpResponse<String> since = h.get("/console/messages?q=" + URLEncoder.encode("since:" + "9".repeat(400), StandardCharsets.UTF_8));
            assertTrue(since.statusCode() < 500, since.statusCode() + " " + since.body());
            assertFalse(since.body().contains("Exception"), "no stack trace in the answer");

            // POST /api/explain: not HL7, binary, oversized
            for (String body : new String[] {"", "not hl7 at all " + MARKUP, "MSH|^~\\&|" + "\u0000".repeat(100)}) {
                HttpResponse<String> r = e.post("/api/explain", body);
                assertTrue(r.statusCode() < 500, r.statusCode() + " " + r.body());
                assertFalse(r.body().contains("<script>alert(1)</script>\"'&\u0000"), "not echoed raw: " + r.body());
            }
            assertEquals(413, e.post("/api/explain", "MSH|" + "A".repeat(70_000)).statusCode());

            // POST /api/config/reload with a body it does not take: still a clear answer
            HttpResponse<String> reload = e.post("/api/config/reload", MARKUP);
            assertTrue(reload.statusCode() < 500, reload.statusCode() + " " + reload.body());
        }
    }
}
