package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/** mappings/to-hl7/report-to-emr.yaml: filters, routing by MSH-4 / OBR-24, the header rewrite. */
class ReportRoutingTest {

    @TempDir
    Path overlay;

    static Hl7Message oru(String facility, String modality, String status) {
        return Hl7Parser.parse("MSH|^~\\&|REP|" + facility + "|RADBRIDGE|RAD|20260101||ORU^R01|R1|P|2.5.1\r"
                + "PID|1||P1^^^H\rOBR|1|||X^Y" + "|".repeat(20) + modality + "|" + status + "\r"
                + "OBX|1|FT|||Line\\.br\\two \\T\\ three \\X0D\\||||||F\r");
    }

    ReportRouting load(String yaml) throws IOException {
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), overlay);
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve(Hl7Destinations.FILE), "destinations:\n  - name: emr\n    application: EMR^2.16.1^ISO\n"
                + "    facility: MAIN\n  - name: cardio\n    address: 127.0.0.1:1\n");
        if (yaml != null) {
            Files.createDirectories(overlay.resolve("to-hl7"));
            Files.writeString(overlay.resolve(ReportRouting.FILE), yaml);
        }
        return ReportRouting.load(m, Hl7Destinations.load(m, Settings.of(Map.of())));
    }

    @Test
    void projectMappingForwardsFinalReportsToTheEmr() throws IOException {
        ReportRouting r = load(null);
        assertNull(r.filteredOut(oru("RAD", "CT", "F")));
        assertEquals("OBR-25 is \"X\", not one of [P, F, C, A]", r.filteredOut(oru("RAD", "CT", "X")));
        assertEquals(List.of("emr"), r.destinations(oru("ANY", "MR", "F")));
        assertTrue(r.rejectUnrouted());
        assertTrue(r.generateControlId());
    }

    @Test
    void rewritesOnlyTheHeaderForTheReceiver() throws IOException {
        ReportRouting r = load(null);
        Hl7Message m = oru("RAD", "CT", "F");
        Hl7DestinationConfig emr = Hl7Destinations.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay),
                Settings.of(Map.of())).get("emr");
        String out = r.rewrite(m, emr);
        assertTrue(out.startsWith("MSH|^~\\&|REP|RAD|EMR^2.16.1^ISO|MAIN|20260101||ORU^R01|R1|P|2.5.1\r"), out);
        String in = m.encode();
        assertEquals(in.substring(in.indexOf('\r')), out.substring(out.indexOf('\r')), "every segment after MSH as received");
        assertTrue(out.contains("OBX|1|FT|||Line\\.br\\two \\T\\ three \\X0D\\||||||F\r"), "OBX text and escapes untouched");
    }

    @Test
    void routesByFacilityAndModalityFirstMatchWins() throws IOException {
        ReportRouting r = load("""
                routes:
                  - when: {MSH-4: [CARDIO]}
                    to: [cardio]
                  - when: {MSH-4: "*", OBR-24: [NM, PT]}
                    to: [emr, cardio]
                unrouted: skip
                header:
                  MSH-10: keep
                  MSH-11: T
                """);
        assertEquals(List.of("cardio"), r.destinations(oru("CARDIO", "NM", "F")));
        assertEquals(List.of("emr", "cardio"), r.destinations(oru("RAD", "pt", "F")), "values compare without case");
        assertEquals(List.of(), r.destinations(oru("RAD", "CT", "F")));
        assertFalse(r.rejectUnrouted());
        assertFalse(r.generateControlId());
        assertNull(r.filteredOut(oru("RAD", "CT", "X")), "no filters");
    }

    @Test
    void badRulesStopStartUp() {
        assertBad("destination \"nowhere\" is not configured", "routes:\n  - when: {MSH-4: \"*\"}\n    to: [nowhere]\n");
        assertBad("header may only set whole MSH fields", "header:\n  PID-5: X\n");
        assertBad("\"generate\" is only for MSH-10", "header:\n  MSH-3: generate\n");
        assertBad("unrouted must be reject, hold or skip", "unrouted: drop\n");
        assertBad("Not an HL7 path", "filters:\n  OBR25: [F]\n");
        assertBad("every route needs \"to\"", "routes:\n  - when: {MSH-4: \"*\"}\n");
    }

    void assertBad(String part, String yaml) {
        MappingException e = assertThrows(MappingException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
