package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirValidation;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.Golden;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Every order, ADT and report scenario of test-messages/ through the real engine (file outbox): the transaction
 * Bundle each message put in the "fhir" outbox matches expected/fhir-&lt;file&gt;.json, and every resource in it
 * validates against the base R4 definitions with HAPI's validator, zero errors.
 */
class FhirGoldenTest {

    @TestFactory
    List<DynamicTest> bundles() {
        MessageFlows flows = MessageFlows.load(new Mappings(ProjectPaths.project().resolve("mappings"), null));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            List<Path> fhirMessages = new ArrayList<>();
            for (Path p : Scenarios.messages(scenario)) {
                if (goesToFhir(flows, p)) {
                    fhirMessages.add(p);
                }
            }
            if (fhirMessages.isEmpty() || scenario.getFileName().toString().startsWith("malformed")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> check(scenario, fhirMessages)));
        }
        return tests;
    }

    private static boolean goesToFhir(MessageFlows flows, Path p) {
        try {
            var m = Hl7Parser.parse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            return flows.flowsFor(m.messageCode(), m.triggerEvent()).stream().anyMatch(f -> f.endsWith("-to-fhir"));
        } catch (Exception e) {
            return false;
        }
    }

    private static void check(Path scenario, List<Path> fhirMessages) throws Exception {
        try (TestEngine engine = TestEngine.start()) {
            for (Path p : Scenarios.prerequisites(scenario)) {
                engine.send(Files.readAllBytes(p));
            }
            for (Path p : Scenarios.messages(scenario)) {
                String ack = engine.send(Files.readAllBytes(p));
                if (!fhirMessages.contains(p)) {
                    continue;
                }
                if (!ack.contains("MSA|AA") && Files.exists(Scenarios.expectedAck(scenario, p))
                        && !Files.readString(Scenarios.expectedAck(scenario, p), StandardCharsets.ISO_8859_1).contains("MSA|AA")) {
                    continue; // refused on purpose (its golden ACK says so, e.g. by order-to-worklist): no bundle
                }
                assertTrue(ack.contains("MSA|AA"), ack);
                String controlId = Hl7Parser.parse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).controlId();
                long id = FhirFlows.journalId(engine, controlId);
                OutboxEntry e = awaitEntry(engine, id);
                JsonNode bundle = FhirJson.parse(e.payload());
                String stem = Scenarios.stem(p);
                Golden.assertMatches(scenario.resolve("expected").resolve("fhir-" + stem + ".json"), FhirJson.pretty(bundle));
                List<String> errors = FhirValidation.get().errors(bundle);
                assertEquals(List.of(), errors, "validation errors of " + scenario.getFileName() + "/" + stem);
            }
        }
    }

    private static OutboxEntry awaitEntry(TestEngine engine, long messageId) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<OutboxEntry> l = engine.app().engine().context().outbox().list("fhir", null, messageId, 10);
            if (!l.isEmpty()) {
                assertEquals(1, l.size(), "one Bundle per message");
                return l.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no FHIR Bundle for journal entry " + messageId);
    }
}
