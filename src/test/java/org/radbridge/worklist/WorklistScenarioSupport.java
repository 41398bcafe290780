package org.radbridge.worklist;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.MllpClient;
import org.radbridge.testing.Golden;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Runs a test-messages/ scenario against a fresh engine (prerequisites, then its own messages on one
 * connection) and compares the worklist (GET /api/worklist, every status) with expected/mwl.json.
 */
final class WorklistScenarioSupport {

    private WorklistScenarioSupport() {
    }

    /** Message types of the scenario's own messages ("ORM^O01", "ADT^A08" ...). */
    static List<String> types(Path scenario) {
        List<String> out = new ArrayList<>();
        for (Path p : Scenarios.messages(scenario)) {
            try {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                out.add(Hl7Parser.parse(text).messageType());
            } catch (IOException | RuntimeException e) {
                out.add("?");
            }
        }
        return out;
    }

    static boolean isOrderScenario(Path scenario) {
        return types(scenario).stream().anyMatch(t -> t.startsWith("ORM^") || t.startsWith("OMG^") || t.startsWith("OMI^"));
    }

    static boolean isPatientScenario(Path scenario) {
        return !isOrderScenario(scenario) && types(scenario).stream().anyMatch(t -> t.startsWith("ADT^"));
    }

    /** Sends the scenario and checks expected/mwl.json; returns the worklist JSON. */
    static String runAndCompare(Path scenario) throws Exception {
        try (TestEngine engine = TestEngine.start(); MllpClient c = engine.client()) {
            for (Path p : Scenarios.prerequisites(scenario)) {
                c.exchange(Files.readAllBytes(p));
            }
            for (Path p : Scenarios.messages(scenario)) {
                c.exchange(Files.readAllBytes(p));
            }
            HttpResponse<String> r = engine.get("/api/worklist");
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /api/worklist: " + r.statusCode() + " " + r.body());
            }
            Golden.assertMatches(scenario.resolve("expected").resolve("mwl.json"), r.body());
            return r.body();
        }
    }
}
