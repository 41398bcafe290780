package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.testing.TestEngine;

/**
 * A message whose patient cannot be identified in FHIR (PID-3 issuer without a system): a sender whose option
 * fhir.unresolved is "refuse" (here DEMO_RIS, through a site overlay) gets AE 103 naming the table, and nothing of
 * the message is kept; another sender (the default: hold) gets AA, the other flows run, the journal entry says
 * why no Bundle was made, and the Bundle is held (GET /api/held, config.HeldEffectsTest).
 */
class FhirRefusalTest {

    @Test
    void anUnknownIssuerIsRefusedWhereTheSenderSaysSoAndSkippedElse(@TempDir Path overlay) throws Exception {
        Files.createDirectories(overlay.resolve("peers"));
        String senders = Files.readString(ProjectPaths.project().resolve("mappings/peers/hl7-senders.yaml"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"), senders.replace("    role: ris\n    options:\n      fhir:\n",
                "    role: ris\n    options:\n      fhir:\n        unresolved: refuse\n"));
        String n = FhirFlows.uniqueNumber();
        String bad = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", n).replace("^^^HOSP^MR", "^^^NOWHERE^MR");
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString()))) {
            String ack = engine.send(bad.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertTrue(ack.contains("MSA|AE"), ack);
            assertTrue(ack.contains("103") && ack.contains("NOWHERE"), ack);
            assertEquals(0, FhirFlows.entries(engine).size());

            String other = FhirFlows.withControlId(bad.replace("|DEMO_RIS|RADIOLOGY|", "|OTHER_RIS|RADIOLOGY|"), "O" + n);
            ack = engine.send(other.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertTrue(ack.contains("MSA|AA"), ack);
            assertEquals(0, FhirFlows.entries(engine).size());
            String detail = engine.get("/api/messages/" + FhirFlows.journalId(engine, "O" + n)).body();
            assertTrue(detail.contains("fhir: no Bundle (order-to-fhir): assigning authority NOWHERE of PID-3"), detail);
            assertTrue(engine.get("/metrics").body().contains("radbridge_fhir_skipped_total{flow=\"order-to-fhir\"} 1"));
            assertTrue(engine.get("/api/held").body().contains("assigning authority NOWHERE of PID-3"), "held, not dropped");
        }
    }
}
