package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The HIPAA profiles share hipaa-rules.yaml ({@code extends:}, {@code placeholders:}, overrides, {@code ~}): what
 * each composes to, and the errors of a profile that sets too little.
 */
class ProfileYamlTest {

    private static JsonNode composed(String profile) {
        return ProfileYaml.compose(DeidTesting.mappings(), Profiles.DIR + profile + ".yaml");
    }

    @Test
    void theThreeProfilesComposeTheirActionsIntoTheSharedRules() {
        JsonNode sh = composed("hipaa-safe-harbor");
        JsonNode pr = composed("pseudonymized-research");
        JsonNode lds = composed("limited-data-set");
        for (JsonNode p : List.of(sh, pr, lds)) {
            assertFalse(p.toString().contains("\"$"), "a placeholder is left: " + p);
            assertFalse(p.has(ProfileYaml.EXTENDS) || p.has(ProfileYaml.PLACEHOLDERS));
            assertEquals("dummy:ANONYMOUS", p.at("/hl7/segments/PID/PID-5").asText(), "shared rule");
            assertEquals(33, p.at("/hl7/names").size(), "shared list");
        }
        assertEquals("surrogate:patient-id", sh.at("/hl7/segments/PID/PID-3.1").asText());
        assertEquals("year-only:birth", sh.at("/hl7/segments/PID/PID-7").asText());
        assertEquals("year-only", sh.at("/dicom/vr-rules/DA").asText());
        assertEquals("surrogate:identifier", sh.at("/fhir/rules/Identifier").asText());
        assertEquals("ANONYED", sh.at("/fhir/security/0").asText());

        assertEquals("pseudonym:accession", pr.at("/dicom/rules/(0008,0050)").asText());
        assertEquals("date-shift", pr.at("/hl7/segments/PID/PID-7").asText());
        assertEquals("date-shift", pr.at("/fhir/rules/instant").asText());
        assertEquals("PSEUDED", pr.at("/fhir/security/0").asText());

        assertEquals("keep", lds.at("/hl7/segments/PID/PID-11.5").asText(), "override of zip3");
        assertEquals("keep", lds.at("/hl7/segments/PID/PID-11.3").asText(), "added");
        assertEquals("keep", lds.at("/hl7/segments/OBR/OBR-7").asText());
        assertTrue(lds.at("/fhir/rules/Address.city").isMissingNode(), "taken out with ~");
        assertTrue(lds.at("/dicom/vr-rules").isMissingNode());
        assertTrue(lds.at("/dicom/rules/(0010,1010)").isMissingNode());
        assertEquals(0, lds.at("/fhir/security").size());
        // first match wins in FHIR: the shared order stays
        List<String> order = new java.util.ArrayList<>();
        lds.at("/fhir/rules").fieldNames().forEachRemaining(order::add);
        assertEquals("*.id", order.get(0));
        assertEquals(List.of("string", "markdown"), order.subList(order.size() - 2, order.size()));
    }

    @Test
    void theComposedProfilesLoad() {
        Profiles profiles = new Profiles(DeidTesting.mappings());
        assertEquals("SAFE_HARBOR", profiles.get("hipaa-safe-harbor").legalBasis().code());
        assertTrue(profiles.get("pseudonymized-research").keyed());
        assertEquals("LIMITED_DATA_SET", profiles.get("limited-data-set").legalBasis().code());
    }

    @Test
    void anUnsetPlaceholderOrAMissingBaseIsNamed(@TempDir Path dir) throws Exception {
        Path deid = Files.createDirectories(dir.resolve("deid"));
        Files.writeString(deid.resolve("rules.yaml"), "hl7:\n  segments:\n    PID:\n      PID-3.1: $id:patient-id\n      PID-7: $date\n");
        Files.writeString(deid.resolve("half.yaml"), "extends: rules.yaml\nplaceholders:\n  $id: surrogate\n");
        Files.writeString(deid.resolve("lost.yaml"), "extends: nowhere.yaml\n");
        Mappings m = new Mappings(dir, null);
        MappingException e = assertThrows(MappingException.class, () -> ProfileYaml.compose(m, "deid/half.yaml"));
        assertTrue(e.getMessage().contains("$date") && e.getMessage().contains("half.yaml"), e.getMessage());
        e = assertThrows(MappingException.class, () -> ProfileYaml.compose(m, "deid/lost.yaml"));
        assertTrue(e.getMessage().contains("nowhere.yaml"), e.getMessage());
    }
}
