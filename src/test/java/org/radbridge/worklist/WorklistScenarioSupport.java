package org.radbridge.worklist;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.mllp.MllpClient;
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

    private static final MessageFlows FLOWS = MessageFlows.load(new Mappings(ProjectPaths.project().resolve("mappings"), null));

    /** True if one of the scenario's own messages goes through this flow (mappings/codes/message-flows.yaml). */
    static boolean uses(Path scenario, String flow) {
        for (String t : types(scenario)) {
            int caret = t.indexOf('^');
            if (caret > 0 && FLOWS.table().getOrDefault(t, java.util.List.of()).contains(flow)) {
                return true;
            }
        }
        return false;
    }

    /** A scenario with patient updates of its own: flow patient-update. */
    static boolean isPatientScenario(Path scenario) {
        return uses(scenario, "patient-update");
    }

    /** A scenario with orders and no patient update of its own: flow order-to-worklist. */
    static boolean isOrderScenario(Path scenario) {
        return !isPatientScenario(scenario) && uses(scenario, "order-to-worklist");
    }

    /** Sends the scenario and checks expected/mwl.json; returns the worklist JSON. */
    static String runAndCompare(Path scenario) throws Exception {
        return runAndCompare(scenario, java.util.Map.of());
    }

    /** The same with engine properties (e.g. a PostgreSQL database). */
    static String runAndCompare(Path scenario, java.util.Map<String, String> overrides) throws Exception {
        try (TestEngine engine = TestEngine.start(overrides); MllpClient c = engine.client()) {
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
