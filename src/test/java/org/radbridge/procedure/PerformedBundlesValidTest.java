package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.testing.FhirValidation;

/** Every MPPS FHIR Bundle of the golden files (test-messages/mpps-*) passes the HAPI FHIR R4 validator. */
class PerformedBundlesValidTest {

    @Test
    void goldenBundlesAreValidR4() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path s : MppsScenarios.all()) {
            try (Stream<Path> files = Files.list(s.resolve("expected"))) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("fhir-.*\\.json")).sorted().toList()) {
                    for (String e : FhirValidation.get().errors(FhirJson.parse(Files.readAllBytes(f)))) {
                        problems.add(s.getFileName() + "/" + f.getFileName() + ": " + e);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10, "bundles checked: " + checked);
        assertEquals(List.of(), problems);
    }
}
