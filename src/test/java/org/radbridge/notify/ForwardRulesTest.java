package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/** mappings/to-hl7/forwarding.yaml: matching (all of when, none of unless, globs, case) and the errors of a bad file. */
class ForwardRulesTest {

    @TempDir
    Path overlay;

    ForwardRules load(String yaml) throws Exception {
        Files.createDirectories(overlay.resolve("peers"));
        Files.createDirectories(overlay.resolve("to-hl7"));
        Files.writeString(overlay.resolve(Hl7Destinations.FILE), "destinations:\n  - name: emr\n  - name: pacs\n    address: 127.0.0.1:1\n");
        Files.writeString(overlay.resolve(ForwardRules.FILE), yaml);
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), overlay);
        return ForwardRules.load(m, Hl7Destinations.load(m, Settings.of(Map.of())), Set.of("research"));
    }

    static Hl7Message adt(String event, String facility, String patientClass) {
        return Hl7Parser.parse("MSH|^~\\&|EMR|" + facility + "|RADBRIDGE|RAD|20261201||ADT^" + event + "^ADT_A01|1|P|2.5.1\r"
                + "PID|1||P1^^^HOSP^MR\rPV1|1|" + patientClass + "\r");
    }

    @Test
    void everyMatchingRuleAddsItsDestinationsOnce() throws Exception {
        ForwardRules r = load("""
                rules:
                  - name: adt
                    when: {MSH-9.1: ADT, MSH-9.2: ["A0*", A4*]}
                    unless: {PV1-2: [P, "b"]}
                    to: [pacs]
                  - name: north
                    when: {MSH-4: north*}
                    to: [pacs, research]
                """);
        assertEquals(List.of(new ForwardRules.Target("pacs", "adt")), r.targets(adt("A08", "MAIN", "I")));
        assertEquals(List.of(new ForwardRules.Target("pacs", "adt"), new ForwardRules.Target("research", "north")),
                r.targets(adt("A47", "NORTHGATE", "O")), "glob and case-insensitive; pacs once");
        assertFalse(r.matches(adt("A08", "MAIN", "P")), "unless PV1-2 P");
        assertFalse(r.matches(adt("A08", "MAIN", "B")), "unless is case-insensitive too");
        assertFalse(r.matches(adt("A13", "MAIN", "I")), "A13 is not A0* nor A4*");
        assertTrue(r.matches(adt("A13", "NorthGate", "P")), "the second rule has no unless");
    }

    @Test
    void aBadFileIsRefusedNamingTheFileAndTheRule() throws Exception {
        MappingException unknown = assertThrows(MappingException.class, () -> load("rules:\n  - name: x\n    when: {MSH-9.1: ADT}\n    to: [nowhere]\n"));
        assertTrue(unknown.getMessage().contains("forwarding.yaml") && unknown.getMessage().contains("x: destination \"nowhere\""),
                unknown.getMessage());
        MappingException noWhen = assertThrows(MappingException.class, () -> load("rules:\n  - name: y\n    to: [pacs]\n"));
        assertTrue(noWhen.getMessage().contains("y: \"when\" needs at least one condition"), noWhen.getMessage());
        MappingException badPath = assertThrows(MappingException.class, () -> load("rules:\n  - name: z\n    when: {MSH9: ADT}\n    to: [pacs]\n"));
        assertTrue(badPath.getMessage().contains("z: Not an HL7 path"), badPath.getMessage());
        assertTrue(load("rules: []\n").isEmpty());
    }
}
