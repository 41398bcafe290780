package org.radbridge.worklist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.testing.Scenarios;

/**
 * Flow patient-update end to end: every patient update scenario of test-messages/ (ADT^A08/A31/A40/A47 after
 * their orders) has the resulting worklist as DICOM JSON in expected/mwl.json.
 */
class PatientUpdateTest {

    @TestFactory
    List<DynamicTest> patientScenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            if (WorklistScenarioSupport.isPatientScenario(scenario)) {
                tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(),
                        () -> WorklistScenarioSupport.runAndCompare(scenario)));
            }
        }
        return tests;
    }
}
