package org.radbridge.worklist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.testing.Scenarios;

/**
 * Flow order-to-worklist end to end (real engine, MLLP in, GET /api/worklist out): every order scenario of
 * test-messages/ has its worklist as DICOM JSON in expected/mwl.json.
 */
class OrderToWorklistTest {

    @TestFactory
    List<DynamicTest> orderScenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            if (WorklistScenarioSupport.isOrderScenario(scenario)) {
                tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(),
                        () -> WorklistScenarioSupport.runAndCompare(scenario)));
            }
        }
        return tests;
    }
}
