package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.radbridge.deid.hl7.Hl7Deidentifier;
import org.radbridge.deid.keys.KeyedIdentities;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Mappings;

/**
 * HL7 v2 rule semantics: deny by default (unnamed segments dropped, unlisted fields emptied), the most
 * specific rule wins, repetitions, subcomponents, Z-segment wildcard, structural rules inherited, value
 * rules on the first component only; escapes kept.
 */
class Hl7RulesTest {

    static String run(String yaml, String msg) throws Exception {
        JsonNode n = Mappings.yamlMapper().readTree("name: t\nlegal-basis: {code: TEST, citation: test}\n" + yaml);
        Profile p = Profile.of("t", n, new Zip3(java.util.Set.of("036"), "v", "s"));
        DeidContext ctx = new DeidContext(p, new KeyedIdentities(DeidTesting.KEY.getBytes(), 10), LocalDate.of(2026, 12, 1));
        return Hl7Deidentifier.deidentify(Hl7Parser.parse(msg), ctx).replace('\r', '\n');
    }

    static final String MSG = "MSH|^~\\&|A|B|C|D|20260101||ORU^R01|X1|P|2.5.1\r"
            + "PID|1||ID1^^^HOSP^MR~ID2^^^SSA^SS||DOE\\T\\SMITH^JANE^Q||19700315|F|||1 MAIN^^TOWN^MA^03601\r"
            + "ZDS|1.2.3^RIS^Application^DICOM\rZXX|secret\rNK1|1|KIN^A\r";

    @Test
    void denyByDefaultAndMostSpecificRuleWins() throws Exception {
        String out = run("""
                identity: keyed
                hl7:
                  segments:
                    MSH: {MSH-9: keep, MSH-12: keep}
                    PID:
                      PID-3: keep
                      PID-3.1: pseudonym:patient-id
                      PID-3(2): remove
                      PID-5.1: keep
                      PID-11.5: zip3
                """, MSG);
        String pid = K.code("patient-id", "ID1");
        assertEquals("MSH|^~\\&|||||||ORU^R01|||2.5.1\nPID|||" + pid + "^^^HOSP^MR||DOE\\T\\SMITH||||||^^^^000\n", out);
    }

    static final KeyedIdentities K = new KeyedIdentities(DeidTesting.KEY.getBytes(), 10);

    @Test
    void zWildcardSubcomponentsAndValueRulesOnTheFirstComponent() throws Exception {
        String out = run("""
                identity: keyed
                hl7:
                  segments:
                    MSH: {"*": keep}
                    PID:
                      PID-5: pseudonym:name
                      PID-11: keep
                      PID-11.1: remove
                    "Z*": {"*": keep}
                """, MSG);
        assertEquals("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|X1|P|2.5.1\n"
                + "PID|||||" + K.code("name", "DOE&SMITH") + "||||||^^TOWN^MA^03601\n"
                + "ZDS|1.2.3^RIS^Application^DICOM\nZXX|secret\n", out, "NK1 dropped; Z-segments kept by Z*");
    }

    @Test
    void badRulesAreRefusedWithTheirPlace() {
        assertThrows(IllegalArgumentException.class, () -> run("hl7: {segments: {PID: {PID-3: frobnicate}}}", MSG));
        assertThrows(IllegalArgumentException.class, () -> run("hl7: {segments: {PID: {OBR-3: keep}}}", MSG));
        assertThrows(IllegalArgumentException.class, () -> run("hl7: {segments: {PID: {PID-3: 'surrogate'}}}", MSG));
        assertThrows(IllegalArgumentException.class, () -> run("identity: table\nhl7: {segments: {PID: {PID-3: 'pseudonym:x'}}}", MSG));
    }
}
