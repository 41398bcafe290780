package org.radbridge.fhir.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * FhirJson.compactBytes (CompactJson) writes exactly the bytes Jackson's default writer writes: every golden Bundle
 * of test-messages/, and random trees with every kind of character (control characters, quotes, backslashes,
 * 2- and 3-byte UTF-8, surrogate pairs, lone surrogates) and of value (numbers, booleans, null, empty containers).
 */
class CompactJsonTest {

    private static final ObjectWriter JACKSON = FhirJson.mapper().writer();

    @Test
    void everyGoldenBundleIsWrittenAsJacksonWritesIt() throws Exception {
        List<Path> goldens;
        try (Stream<Path> s = Files.walk(ProjectPaths.testMessages())) {
            goldens = s.filter(p -> p.getFileName().toString().matches("fhir-.*\\.json")).toList();
        }
        assertTrue(goldens.size() >= 20, "golden Bundles found: " + goldens.size());
        for (Path p : goldens) {
            JsonNode n = FhirJson.parse(Files.readAllBytes(p));
            assertArrayEquals(JACKSON.writeValueAsBytes(n), FhirJson.compactBytes(n), p.toString());
        }
    }

    @Test
    void randomTreesAreWrittenAsJacksonWritesThem() throws Exception {
        Random r = new Random(15);
        for (int i = 0; i < 2000; i++) {
            ObjectNode o = FhirJson.object();
            fill(o, r, 3);
            assertArrayEquals(JACKSON.writeValueAsBytes(o), FhirJson.compactBytes(o), o.toString());
        }
    }

    private static void fill(ObjectNode o, Random r, int depth) {
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String key = text(r);
            switch (r.nextInt(depth > 0 ? 9 : 7)) {
                case 0 -> o.put(key, text(r));
                case 1 -> o.put(key, r.nextInt());
                case 2 -> o.put(key, new BigDecimal(r.nextInt(100000)).movePointLeft(r.nextInt(5)));
                case 3 -> o.put(key, r.nextBoolean());
                case 4 -> o.putNull(key);
                case 5 -> o.put(key, r.nextDouble() * 1000);
                case 6 -> o.put(key, r.nextLong());
                case 7 -> fill(o.putObject(key), r, depth - 1);
                default -> {
                    ArrayNode a = o.putArray(key);
                    for (int k = r.nextInt(4); k > 0; k--) {
                        if (r.nextBoolean()) {
                            a.add(text(r));
                        } else {
                            fill(a.addObject(), r, depth - 1);
                        }
                    }
                }
            }
        }
    }

    private static String text(Random r) {
        String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f", "\u007f",
            "é", "ß", "\u07ff", "\u0800", "€", "\u2028", "\uffff", "\ud83d\ude00", "\ud800", "\udfff", "urn:uuid:", "<>&'"};
        StringBuilder sb = new StringBuilder();
        for (int k = r.nextInt(12); k > 0; k--) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        return sb.toString();
    }
}
