package org.radbridge.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Golden;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/** Every scenario of test-messages/: the acknowledgements match expected/ack*.hl7 (MSH-7/MSH-10 masked). */
class AckGoldenTest {

    @TestFactory
    List<DynamicTest> acknowledgements() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
                try (TestEngine engine = TestEngine.start(); MllpClient c = engine.client()) {
                    for (Path p : Scenarios.prerequisites(scenario)) {
                        c.exchange(Files.readAllBytes(p));
                    }
                    for (Path p : Scenarios.messages(scenario)) {
                        byte[] ack = c.exchange(Files.readAllBytes(p));
                        String text = new String(ack, java.nio.charset.StandardCharsets.ISO_8859_1);
                        Golden.assertMatches(Scenarios.expectedAck(scenario, p), Scenarios.maskAck(text));
                    }
                }
            }));
        }
        return tests;
    }
}
