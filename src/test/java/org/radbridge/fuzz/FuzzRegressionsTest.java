package org.radbridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.radbridge.availability.WebhookFuzzTest;
import org.radbridge.dicom.net.PduFuzzTest;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Hl7Version;

/**
 * Replays every input kept under src/test/resources/fuzz/regressions/&lt;target&gt;/ through its fuzz
 * target with the same bounds as the fuzz run ({@link Budget}), one dynamic test per file; and pins the
 * parser fixes that fuzzing found.
 */
class FuzzRegressionsTest {

    static final Map<String, FuzzTarget> TARGETS = Map.of("hl7", new Hl7Target(), "mllp", MllpDecoderFuzzTest.TARGET,
            "dicom-pdu", PduFuzzTest.TARGET, "dicom-dataset", DataSetFuzzTest.TARGET, "webhook-json", WebhookFuzzTest.TARGET);

    @TestFactory
    Stream<DynamicTest> keptInputsStayWithinBounds() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, FuzzTarget> t : TARGETS.entrySet()) {
            for (Seeds.Seed s : Seeds.regressions(t.getKey())) {
                tests.add(DynamicTest.dynamicTest(t.getKey() + "/" + s.name(), () -> Budget.run(t.getValue(), s.bytes())));
            }
        }
        assertFalse(tests.isEmpty(), "no regression inputs found under " + Regressions.dir("hl7").getParent());
        return tests.stream();
    }

    /**
     * Found by Hl7FuzzTest: "MSH|RAD|..." (MSH-2 left out) was read with R, A, D as delimiters, so even the
     * ACK's MSA-1 "AE" split at the repetition separator "A". Letters and digits in MSH-2 are not usable
     * encoding characters (HL7 v2.5 2.5.4): the parser refuses (AR 100) and the ACK goes out with the
     * standard delimiters.
     */
    @Test
    void encodingCharactersMustNotBeAlphanumeric() {
        for (String header : List.of("MSH|RAD|A|B|C|D|1||ADT^A08|X|P|2.5\r", "MSH|^~1&|A|B|C|D|1||ADT^A08|X|P|2.5\r",
                "MSH|0000|||M|M||||||\r")) {
            Hl7Error e = assertThrows(Hl7Error.class, () -> Hl7Parser.parse(header));
            assertTrue(e.ackCode() == AckCode.AR && e.code() == Hl7Error.Code.SEGMENT_SEQUENCE, e::getMessage);
            String ack = new Hl7Target().answer(header.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(ack.startsWith("MSH|^~\\&|") && ack.contains("\rMSA|AR|"), () -> Hl7Target.visible(ack));
        }
        // the short forms real senders use stay readable
        assertTrue(Hl7Parser.parse("MSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5\r").delimiters().component() == '^');
        assertTrue(Hl7Parser.parse("MSH|^~|A|B|C|D|1||ADT^A08|X|P|2.5\r").delimiters().repetition() == '~');
        assertTrue(Hl7Parser.parse("MSH|^~\\&#|A|B|C|D|1||ADT^A08|X|P|2.7\r").delimiters().subcomponent() == '&');
    }

    /**
     * Found by the long Hl7FuzzTest run: MSH-12 "2..." threw ArrayIndexOutOfBoundsException in
     * Hl7Version.number, inside the header screen and inside AckBuilder (so not even an AR 207 could be
     * built). A version id that is not 2.d[.d] is "not a version" (AR 203), never an exception.
     */
    @Test
    void malformedVersionIdsAreNotVersions() {
        for (String v : List.of("2...", "2..", "2.", "2.5.", "2..5", "2.+5", "2.5.1.0", "2.x", "2.10")) {
            assertTrue(Hl7Version.number(v) == -1, v);
        }
        assertTrue(Hl7Version.number("2.5.1") == 251 && Hl7Version.number("2.3") == 230 && Hl7Version.number(" 2.8 ") == 280);
        String ack = new Hl7Target().answer("MSH|^~\\&|A|B|C|D|1||ADT^A08|X1|P|2...\r".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(ack.contains("\rMSA|AR|X1\r") && ack.contains("203"), () -> Hl7Target.visible(ack));
    }
}
