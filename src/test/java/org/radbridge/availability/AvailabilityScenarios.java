package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.radbridge.store.Tx;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/** Test support for study-available scenarios: engine properties, sending orders, what an event caused, masking. */
final class AvailabilityScenarios {

    static final ObjectMapper JSON = new ObjectMapper();

    private AvailabilityScenarios() {
    }

    /** Engine properties: the scenario's mapping overlay (its mappings/ folder) and a quick re-match. */
    static Map<String, String> props(Path scenario) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.availability.rematch-seconds", "1");
        p.put("radbridge.fhir.timezone", "Europe/Berlin");
        if (Files.isDirectory(scenario.resolve("mappings"))) {
            p.put("radbridge.mappings.overlay-dir", scenario.resolve("mappings").toString());
        }
        return p;
    }

    /** Sends the messages of the scenarios listed in a file (before.txt, later.txt), each expected AA. */
    static void sendListed(TestEngine e, Path scenario, String listFile) throws Exception {
        Path list = scenario.resolve(listFile);
        if (!Files.exists(list)) {
            return;
        }
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank()) {
                continue;
            }
            Path dep = scenario.getParent().resolve(line.trim());
            List<Path> files = new ArrayList<>(Scenarios.prerequisites(dep));
            files.addAll(Scenarios.messages(dep));
            for (Path f : files) {
                String ack = e.send(Files.readAllBytes(f));
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), f + ": " + ack);
            }
        }
    }

    /** One outbox entry an event caused. */
    record Caused(long id, String destination, String kind, String payload) {
    }

    static List<Caused> caused(TestEngine e, long journalId) {
        return e.app().engine().context().db().read(c -> Tx.query(c, "SELECT id, destination, kind, payload FROM outbox "
                + "WHERE message_id=? ORDER BY id", rs -> new Caused(rs.getLong(1), rs.getString(2), rs.getString(3),
                new String(rs.getBytes(4), StandardCharsets.ISO_8859_1)), journalId));
    }

    /** Journal ids of the study-available entries, oldest first. */
    static List<Long> events(TestEngine e) {
        return e.app().engine().context().db().read(c -> Tx.query(c, "SELECT id FROM messages WHERE message_type='study-available' "
                + "ORDER BY id", rs -> rs.getLong(1)));
    }

    /** Waits until there are n study-available journal entries. */
    static List<Long> awaitEvents(TestEngine e, int n, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        List<Long> ids = events(e);
        while (ids.size() < n && System.currentTimeMillis() < end) {
            Thread.sleep(100);
            ids = events(e);
        }
        assertTrue(ids.size() >= n, "expected " + n + " study-available journal entries, have " + ids.size());
        return ids;
    }

    /** Outbound HL7 for golden files: LF line ends; the times and control id RadBridge generates masked as "*". */
    static String maskHl7(String hl7) {
        StringBuilder sb = new StringBuilder();
        for (String seg : hl7.split("\r|\n")) {
            if (seg.isEmpty()) {
                continue;
            }
            String fs = seg.startsWith("MSH") ? String.valueOf(seg.charAt(3)) : "|";
            String[] f = seg.split(Pattern.quote(fs), -1);
            if (seg.startsWith("MSH")) {
                mask(f, 6);   // MSH-7 Date/Time of Message
                mask(f, 9);   // MSH-10 Message Control ID
            } else if (seg.startsWith("ORC")) {
                mask(f, 9);   // ORC-9 Date/Time of Transaction
            } else if (seg.startsWith("OBR")) {
                mask(f, 22);  // OBR-22 Results Rpt/Status Chng
            }
            sb.append(String.join(fs, f)).append('\n');
        }
        return sb.toString();
    }

    private static void mask(String[] f, int i) {
        if (f.length > i && !f[i].isEmpty()) {
            f[i] = "*";
        }
    }

    /** The masked Bundle timestamp: a valid instant, so golden bundles still parse and validate. */
    static final String MASKED_INSTANT = "1900-01-01T00:00:00Z";

    /** A FHIR Bundle for golden files: pretty, the Bundle timestamp (the event's arrival) masked. */
    static String maskBundle(String json) throws Exception {
        ObjectNode b = (ObjectNode) JSON.readTree(json);
        if (b.has("timestamp")) {
            b.put("timestamp", MASKED_INSTANT);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(b) + "\n";
    }

    /** The reconciliation list for golden files: ids, journal ids and times left out. */
    static String maskUnmatched(String json) throws Exception {
        JsonNode a = JSON.readTree(json);
        for (JsonNode n : a) {
            ((ObjectNode) n).remove(List.of("id", "journalId", "createdAt", "updatedAt"));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a) + "\n";
    }
}
