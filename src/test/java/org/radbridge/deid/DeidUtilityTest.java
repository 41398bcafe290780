package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;
import org.radbridge.testing.Scenarios;

/**
 * Utility: what every HL7 v2 profile must keep, so that "delete everything" fails — procedure and modality
 * codes, order control and status, OBX-3 observation codes, value types, result status, the report text
 * with identifiers scrubbed, sex, state, the year of the study (or a shifted full date) and ZIP3.
 */
class DeidUtilityTest {

    static DeidTesting deid;

    @BeforeAll
    static void start() throws Exception {
        deid = DeidTesting.start();
    }

    @AfterAll
    static void stop() {
        deid.close();
    }

    static Hl7Message run(String profile, String scenario) throws Exception {
        String in = Files.readString(Scenarios.dir(scenario).resolve("message.hl7"), StandardCharsets.ISO_8859_1);
        return Hl7Parser.parse(deid.hl7(profile, in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hipaa-safe-harbor", "limited-data-set", "pseudonymized-research"})
    void reportKeepsCodesStatusAndText(String profile) throws Exception {
        Hl7Message m = run(profile, "oru-r01-report");
        assertEquals("ORU^R01", m.messageType());
        assertEquals("71250", m.get("OBR-4.1"));
        assertEquals("CT CHEST W/O CONTRAST", m.get("OBR-4.2"));
        assertEquals("CT", m.get("OBR-24"));
        assertEquals("F", m.get("OBR-25"));
        List<Segment> obx = m.segments("OBX");
        assertEquals(3, obx.size());
        assertEquals("18782-3", obx.get(0).value(3, 1));
        assertEquals("19005-8", obx.get(1).value(3, 1));
        assertEquals("TX", obx.get(0).value(2));
        assertEquals("F", obx.get(0).value(11));
        assertEquals("FINDINGS: No pulmonary embolism. Lungs clear.", obx.get(0).value(5));
        assertEquals("IMPRESSION: Normal CT chest & mediastinum.", obx.get(1).value(5));
        assertTrue(obx.get(2).value(5).startsWith("2.25."), "the study UID in the report is remapped, not dropped");
        assertEquals("F", m.get("PID-8"));
        String studyTime = m.get("OBR-7");
        switch (profile) {
            case "hipaa-safe-harbor" -> assertEquals("2026", studyTime);
            case "limited-data-set" -> assertEquals("20261201093000", studyTime);
            default -> assertTrue(studyTime.matches("\\d{14}") && !studyTime.equals("20261201093000"), studyTime);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hipaa-safe-harbor", "limited-data-set", "pseudonymized-research"})
    void orderKeepsProcedureModalityStateAndZip3(String profile) throws Exception {
        Hl7Message m = run(profile, "orm-o01-ris-new-ct");
        assertEquals("NW", m.get("ORC-1"));
        assertEquals("SC", m.get("ORC-5"));
        assertEquals("71250", m.get("OBR-4.1"));
        assertEquals("CT", m.get("OBR-24"));
        assertEquals("R07.9", m.get("OBR-31.1"));
        assertEquals("IL", m.get("PID-11.4"));
        assertEquals(profile.equals("limited-data-set") ? "62701" : "627", m.get("PID-11.5"));
        assertEquals(profile.equals("limited-data-set") ? "SPRINGFIELD" : "", m.get("PID-11.3"));
        assertTrue(m.get("OBR-18").matches("A[0-9A-Z]{11}"), "accession replaced, not emptied: " + m.get("OBR-18"));
        assertTrue(m.get("ZDS-1.1").startsWith("2.25."), m.get("ZDS-1.1"));
    }
}
