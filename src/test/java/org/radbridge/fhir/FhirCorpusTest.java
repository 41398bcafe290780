package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.fhir.testing.FhirValidation;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/**
 * The 72 real-world messages of ../shared/corpus through the FHIR mappers (as a sender with default issuers and
 * as one without): each order, ADT and report either gives a Bundle whose every resource validates with zero
 * errors, or a clear refusal (an HL7 error with a 0357 code); nothing else, never an exception. Run twice: with the
 * project's identifier systems (most corpus issuers are unknown there: refused), and with a site overlay that lists
 * every issuer the corpus uses (so the mappings themselves meet every message).
 */
class FhirCorpusTest {

    @Test
    void withTheProjectsIdentifierSystems() throws Exception {
        int[] r = run(new Mappings(ProjectPaths.project().resolve("mappings"), null));
        assertTrue(r[0] >= 6, "bundles: " + r[0]);
    }

    @Test
    void withASiteOverlayListingTheCorpusIssuers(@org.junit.jupiter.api.io.TempDir Path overlay) throws Exception {
        Files.createDirectories(overlay.resolve("codes"));
        java.util.Set<String> issuers = new java.util.TreeSet<>();
        for (int round = 0; round < 20; round++) {
            StringBuilder table = new StringBuilder(new String(Files.readAllBytes(ProjectPaths.project()
                    .resolve("mappings/codes/identifier-systems.yaml")), StandardCharsets.UTF_8)).append('\n');
            int k = 0;
            for (String i : issuers) {
                table.append('"').append(i.replace("\"", "")).append("\": urn:oid:1.2.826.0.1.3680043.10.543.999.").append(++k).append('\n');
            }
            Files.writeString(overlay.resolve("codes/identifier-systems.yaml"), table);
            Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), overlay);
            int before = issuers.size();
            unknownIssuers.clear();
            int[] r = run(m);
            issuers.addAll(unknownIssuers);
            if (issuers.size() == before) {
                assertTrue(r[0] >= 60, "bundles: " + r[0] + ", refusals: " + r[1]);
                return;
            }
        }
        throw new AssertionError("issuers did not settle: " + issuers);
    }

    private final java.util.Set<String> unknownIssuers = new java.util.HashSet<>();

    private int[] run(Mappings m) throws Exception {
        FhirMappings fm = new FhirMappings(m);
        Hl7Peers peers = Hl7Peers.load(m);
        ZoneId utc = ZoneId.of("UTC");
        List<String> problems = new ArrayList<>();
        int bundles = 0;
        int refusals = 0;
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (Path f : ProjectPaths.corpusFiles()) {
            Hl7Message msg;
            try {
                msg = Hl7Parser.parse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                msg.messageCode();
            } catch (RuntimeException e) {
                continue; // not a message (the intake refuses these)
            }
            FhirMapper mapper = switch (msg.messageCode()) {
                case "ORM", "OMG", "OMI" -> new OrderToFhir(fm, utc);
                case "ORU" -> new ReportToFhir(fm, utc);
                case "ADT" -> List.of("A08", "A31", "A40", "A47").contains(msg.triggerEvent()) ? new PatientToFhir(fm, utc) : null;
                default -> null;
            };
            if (mapper == null) {
                continue;
            }
            for (Hl7Peer peer : List.of(peers.match("DEMO_RIS", "X"), peers.match("UNKNOWN", "X"))) {
                try {
                    Mapped r = mapper.map(msg, peer, null);
                    bundles++;
                    for (String err : FhirValidation.get().errors(r.bundle())) {
                        problems.add(f.getFileName() + " (" + peer.name() + "): " + err);
                    }
                } catch (Hl7Error e) {
                    refusals++;
                    reasons.merge(e.code() + " " + e.text().replaceAll("[A-Z0-9_.-]*[0-9][A-Z0-9_.-]*", "#"), 1, Integer::sum);
                    assertTrue(e.text() != null && !e.text().isBlank(), "a refusal says why");
                    java.util.regex.Matcher x = java.util.regex.Pattern.compile("assigning authority (.*) of ").matcher(e.text());
                    if (x.find()) {
                        unknownIssuers.add(x.group(1));
                    }
                } catch (RuntimeException e) {
                    problems.add(f.getFileName() + " (" + peer.name() + "): " + e);
                }
            }
        }
        System.out.println("corpus: " + bundles + " bundles, " + refusals + " refusals: " + reasons);
        assertEquals(List.of(), problems);
        return new int[] {bundles, refusals};
    }
}
