package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.UID;
import org.radbridge.store.Tx;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.Golden;
import org.radbridge.testing.HapiCheck;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * routes/study-available.camel.yaml end to end, one real engine per test-messages/available-* scenario: the orders of
 * before.txt over MLLP, the event through its source (event.json: POST /api/events/study-available; ian.json: an IAN
 * N-CREATE from dcmjs-dimse, an independent DICOM implementation), the orders of later.txt, then every outbox entry
 * each study-available journal entry caused against expected/&lt;destination&gt;-&lt;n&gt;.hl7 and fhir-&lt;n&gt;.json,
 * the worklist statuses against expected/worklist.txt and the reconciliation list against expected/unmatched.json.
 */
@Timeout(300)
class StudyAvailableTest {

    @TestFactory
    List<DynamicTest> availableScenariosMatchTheirGoldenFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path s : Scenarios.all()) {
            if (s.getFileName().toString().startsWith("available-")) {
                tests.add(DynamicTest.dynamicTest(s.getFileName().toString(), () -> run(s)));
            }
        }
        assertTrue(tests.size() >= 6, "the available-* scenarios are found");
        return tests;
    }

    static void run(Path scenario) throws Exception {
        run(scenario, Map.of());
    }

    /** The scenario on an engine with these further properties (e.g. a PostgreSQL database). */
    static void run(Path scenario, Map<String, String> more) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(AvailabilityScenarios.props(scenario));
        props.putAll(more);
        try (TestEngine e = TestEngine.start(props)) {
            AvailabilityScenarios.sendListed(e, scenario, "before.txt");
            send(e, scenario);
            AvailabilityScenarios.sendListed(e, scenario, "later.txt");
            int expected = Files.exists(scenario.resolve("later.txt")) ? 2 : 1;
            List<Long> ids = AvailabilityScenarios.awaitEvents(e, expected, 30_000);
            Set<String> produced = new TreeSet<>();
            for (int i = 0; i < ids.size(); i++) {
                for (AvailabilityScenarios.Caused c : AvailabilityScenarios.caused(e, ids.get(i))) {
                    if (c.destination().equals("fhir")) {
                        String name = "fhir-" + (i + 1) + ".json";
                        produced.add(name);
                        Golden.assertMatches(scenario.resolve("expected").resolve(name), AvailabilityScenarios.maskBundle(c.payload()));
                    } else {
                        String name = c.destination() + "-" + (i + 1) + ".hl7";
                        produced.add(name);
                        assertNull(HapiCheck.problem(c.payload()), name + " parses with HAPI");
                        Golden.assertMatches(scenario.resolve("expected").resolve(name), AvailabilityScenarios.maskHl7(c.payload()));
                    }
                }
            }
            Golden.assertMatches(scenario.resolve("expected").resolve("worklist.txt"), worklist(e));
            Golden.assertMatches(scenario.resolve("expected").resolve("unmatched.json"), unmatched(e));
            if (!Golden.updating()) {
                Set<String> expectedFiles = new TreeSet<>();
                try (Stream<Path> l = Files.list(scenario.resolve("expected"))) {
                    l.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hl7") || n.startsWith("fhir-"))
                            .forEach(expectedFiles::add);
                }
                assertEquals(expectedFiles, produced, "the outbox entries are those of the golden files");
            }
            if (Files.exists(scenario.resolve("event.json")) && expected == 1) {
                HttpResponse<String> again = e.post("/api/events/study-available", Files.readString(scenario.resolve("event.json")));
                assertEquals(200, again.statusCode(), again.body());
                JsonNode o = AvailabilityScenarios.JSON.readTree(again.body());
                assertTrue(o.path("unchanged").asBoolean(), "the same event again changes nothing: " + again.body());
                assertEquals(List.of(), AvailabilityScenarios.caused(e, o.path("journalId").asLong()));
            }
        }
    }

    /** The scenario's event through its source. */
    static void send(TestEngine e, Path scenario) throws Exception {
        Path event = scenario.resolve("event.json");
        if (Files.exists(event)) {
            HttpResponse<String> r = e.post("/api/events/study-available", Files.readString(event));
            assertEquals(200, r.statusCode(), r.body());
            return;
        }
        JsonNode ian = AvailabilityScenarios.JSON.readTree(scenario.resolve("ian.json").toFile());
        Map<String, Object> step = Map.of("op", "ncreate", "sopClass", UID.InstanceAvailabilityNotification,
                "sopInstance", "1.2.826.0.1.3680043.10.543.99." + Math.abs(scenario.getFileName().toString().hashCode()),
                "dataset", AvailabilityScenarios.JSON.convertValue(ian.path("dataset"), Map.class));
        List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), ian.path("callingAe").asText(), "RADBRIDGE", List.of(step));
        assertEquals(1, r.size(), r.toString());
        assertEquals(0, r.get(0).path("status").asInt(), "IAN N-CREATE answered Success: " + r);
    }

    /** "study-uid/sps-id STATUS" of every worklist item, sorted. */
    static String worklist(TestEngine e) {
        List<String> lines = e.app().engine().context().db().read(c -> Tx.query(c,
                "SELECT study_uid, sps_id, sps_status FROM worklist_items ORDER BY study_uid, sps_id",
                rs -> rs.getString(1) + "/" + rs.getString(2) + " " + rs.getString(3)));
        return lines.isEmpty() ? "(no worklist items)\n" : String.join("\n", lines) + "\n";
    }

    /** The reconciliation list in every state. */
    static String unmatched(TestEngine e) throws Exception {
        ArrayNode all = AvailabilityScenarios.JSON.createArrayNode();
        for (String st : List.of("held", "reconcile", "notified", "released")) {
            HttpResponse<String> r = e.get("/api/availability/unmatched?state=" + st);
            assertEquals(200, r.statusCode(), r.body());
            AvailabilityScenarios.JSON.readTree(r.body()).forEach(all::add);
        }
        return AvailabilityScenarios.maskUnmatched(all.toString());
    }
}
