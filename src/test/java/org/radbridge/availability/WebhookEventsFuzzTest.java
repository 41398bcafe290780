package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * Webhook bodies mutated at random (seeded from test-messages/*&#47;event.json): {@link WebhookEvents#read} either
 * returns an event or throws IllegalArgumentException (answered 400) — never another exception, never an Error
 * (a 4,000-character UID overflowed the stack of a regex, issue 11 item 10), and every accepted event keeps its
 * values within the documented sizes. Seeded, bounded (a few seconds); -Dradbridge.fuzz.iterations=N runs longer.
 */
class WebhookEventsFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALPHABET = "0123456789.\"{}[],:-x ";

    static List<String> seeds() throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ProjectPaths.project().resolve("test-messages"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("event.json")).sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        assertTrue(!out.isEmpty(), "seed events");
        return out;
    }

    static String mutate(String seed, Random r) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(6)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, (char) (r.nextInt(3) == 0 ? r.nextInt(0x3000) : ALPHABET.charAt(r.nextInt(ALPHABET.length()))));
                case 2 -> b.insert(at, (r.nextBoolean() ? "1." : "0").repeat(1 + r.nextInt(5000)));
                case 3 -> b.insert(at, "[".repeat(1 + r.nextInt(3000)));
                case 4 -> b.setCharAt(at, (char) r.nextInt(128));
                default -> {
                    int to = Math.min(b.length(), at + r.nextInt(40));
                    b.insert(at, b.substring(at, to).repeat(1 + r.nextInt(200)));
                }
            }
        }
        return b.toString();
    }

    @Test
    void mutatedBodiesAreAcceptedWithinSizesOrRefusedWithAReason() throws Exception {
        List<String> seeds = seeds();
        int iterations = Integer.getInteger("radbridge.fuzz.iterations", 1500);
        Random r = new Random(11);
        int accepted = 0;
        for (int i = 0; i < iterations; i++) {
            String body = mutate(seeds.get(r.nextInt(seeds.size())), r);
            JsonNode tree;
            try {
                tree = StudyAvailable.JSON.readTree(body.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException notJson) {
                continue; // answered 400 "not JSON"
            }
            try {
                StudyEvent e = WebhookEvents.read(tree, "fuzz", "127.0.0.1");
                accepted++;
                assertTrue(e.studyInstanceUid().length() <= 64 && e.patientName().length() <= 324, body);
                assertTrue(e.series().size() <= WebhookEvents.MAX_SERIES);
            } catch (IllegalArgumentException refused) {
                assertTrue(refused.getMessage() != null && refused.getMessage().length() < 300, "a short reason: " + refused.getMessage());
            } catch (Throwable t) {
                fail("iteration " + i + ": " + t + " for " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
            }
        }
        assertTrue(accepted > 0, "some mutations stay valid");
    }
}
