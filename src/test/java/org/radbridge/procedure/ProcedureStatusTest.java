package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.testing.Golden;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.TestEngine;

/**
 * Every test-messages/mpps-* scenario end to end: the orders over MLLP, dcmjs-dimse (npm 0.3.3, an independent DICOM
 * implementation) as the modality's MPPS SCU against the engine's DICOM listener, an MLLP receiver as the EMR.
 * Golden files per scenario: dimse.json (the statuses the modality got), emr-NN.hl7 (exactly the status messages the
 * EMR received, in order), fhir-NN.json (the MPPS's FHIR Bundles), sps.txt (worklist step statuses afterwards),
 * procedures.json (the stored MPPS: case, steps, reconciliation, dose).
 */
class ProcedureStatusTest {

    @TestFactory
    List<DynamicTest> scenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path s : MppsScenarios.all()) {
            tests.add(DynamicTest.dynamicTest(s.getFileName().toString(), () -> run(s)));
        }
        return tests;
    }

    static void run(Path scenario) throws Exception {
        run(scenario, java.util.Map.of());
    }

    /** Runs a scenario with more engine properties (e.g. a PostgreSQL database) against its golden files. */
    static void run(Path scenario, java.util.Map<String, String> more) throws Exception {
        Path expected = scenario.resolve("expected");
        java.util.Map<String, String> props = new java.util.HashMap<>();
        try (MllpReceiver emr = MllpReceiver.start()) {
            props.putAll(MppsScenarios.props(emr.address(), null));
            props.putAll(more);
            runWith(scenario, expected, emr, props);
        }
    }

    private static void runWith(Path scenario, Path expected, MllpReceiver emr, java.util.Map<String, String> props) throws Exception {
        try (TestEngine e = TestEngine.start(props)) {
            MppsScenarios.sendOrders(e, scenario);
            String answers = MppsScenarios.JSON.writeValueAsString(MppsScenarios.run(e, scenario));
            Golden.assertMatches(expected.resolve("dimse.json"), answers);
            assertTrue(MppsScenarios.awaitDrained(e, "emr", 20_000), "EMR outbox not drained");
            assertTrue(MppsScenarios.awaitDrained(e, "fhir", 20_000), "FHIR outbox not drained");
            List<String> sent = emr.processedTexts();
            int goldenEmr = count(expected, "emr-");
            if (!Golden.updating()) {
                assertEquals(goldenEmr, sent.size(), "status messages the EMR received: " + sent);
            } else {
                clear(expected, "emr-");
            }
            for (int i = 0; i < sent.size(); i++) {
                Golden.assertMatches(expected.resolve(String.format("emr-%02d.hl7", i + 1)), MppsScenarios.mask(sent.get(i)));
            }
            assertTrue(emr.hapiErrors().isEmpty(), "HAPI parse errors: " + emr.hapiErrors());
            List<String> bundles = MppsScenarios.fhirBundles(e);
            if (!Golden.updating()) {
                assertEquals(count(expected, "fhir-"), bundles.size(), "FHIR bundles");
            } else {
                clear(expected, "fhir-");
            }
            for (int i = 0; i < bundles.size(); i++) {
                Golden.assertMatches(expected.resolve(String.format("fhir-%02d.json", i + 1)), bundles.get(i));
            }
            Golden.assertMatches(expected.resolve("sps.txt"), MppsScenarios.steps(e));
            Golden.assertMatches(expected.resolve("procedures.json"), MppsScenarios.procedures(e));
        }
    }

    private static int count(Path dir, String prefix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    private static void clear(Path dir, String prefix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.delete(p);
            }
        }
    }
}
