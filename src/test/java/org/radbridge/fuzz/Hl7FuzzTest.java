package org.radbridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;

/**
 * Fuzzing of the HL7 v2 parser and what the intake does with its result (docs/fuzzing.md): mutated
 * corpus and test-messages/ seeds through {@link Hl7Target} within {@link Budget}'s time, memory and log
 * bounds, plus two targeted properties: values echoed into the ACK never break MLLP framing
 * (issue 11 item 1) and repetitions are read in linear time (item 5).
 */
@AddLifecycleHook(FuzzTries.class)
class Hl7FuzzTest {

    static final List<String> TOKENS = List.of("\r", "\n", "\r\n", "|", "^", "~", "\\", "&", "MSH|^~\\&|", "\rPID|",
            "\rOBR|", "\rORC|", "\rZZZ|", "\rMSH|", "\rBHS|", "\\X1C\\", "\\X0B\\", "\\X00\\", "\\X0D\\", "\\E\\",
            "\\F\\", "\\S\\", "\\R\\", "\\T\\", "\\H\\", "\\N\\", "\\.br\\", "\\Zxx\\", "\\C2842\\", "\\M28\\",
            "\u000b", "\u001c", "\u0000", "UNICODE UTF-8", "UTF-16", "ISO IR87", "8859/1", "ISO-2022-JP", "CP037",
            "\u00ef\u00bb\u00bf", "~~~~~~~~", "^^^^^^^^", "1.2.840.10008.1.2.3.4.5.6.7.8.9", "ORM^O01", "ADT^A08",
            "ORU^R01", "2.5.1", "2.3", "9.9", "\u00c3\u00a4", "\u00e4", "\u00ff\u00fe");

    private static final Hl7Target TARGET = new Hl7Target();
    private static final Mutator MUTATOR = new Mutator(seeds(), TOKENS);

    static List<Seeds.Seed> seeds() {
        List<Seeds.Seed> s = new ArrayList<>(Seeds.testMessages(".hl7"));
        s.addAll(Seeds.corpus());
        s.addAll(Seeds.regressions("hl7"));
        return s;
    }

    @Provide
    Arbitrary<Mutator.Input> mutants() {
        return MUTATOR.inputs();
    }

    /** Any bytes: decoded, parsed, screened and answered with an ACK that is HL7; only Hl7Error refuses. */
    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void everyBlockIsAnsweredWithinBounds(@ForAll("mutants") Mutator.Input in) {
        Budget.run(TARGET, in.bytes());
    }

    /**
     * Item 1: whatever the sender puts in MSH-10 (and MSH-3..6), the ACK has no control character other
     * than the segment terminator, keeps its MSH/MSA[/ERR] structure, and MSA-2 reads back as the
     * request's control id when that id is printable.
     */
    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void echoedValuesNeverBreakTheAckFraming(@ForAll("hostileHeaders") String message) {
        byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
        String[] ack = new String[1];
        Budget.run(new FuzzTarget() {
            @Override
            public String name() {
                return "hl7-ack";
            }

            @Override
            public void accept(byte[] input) {
                ack[0] = TARGET.answer(input);
            }
        }, raw);
        String a = ack[0];
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            assertFalse(c < 0x20 && c != '\r', () -> "control character in the ACK: " + Hl7Target.visible(a));
        }
        assertTrue(a.endsWith("\r"), () -> Hl7Target.visible(a));
        String[] segs = a.substring(0, a.length() - 1).split("\r", -1);
        assertTrue(segs.length == 2 || segs.length == 3, () -> "ACK segments: " + Hl7Target.visible(a));
        assertTrue(segs[0].startsWith("MSH") && segs[1].startsWith("MSA") && (segs.length == 2 || segs[2].startsWith("ERR")),
                () -> "ACK segments: " + Hl7Target.visible(a));
        // read the request as the engine does (no MSH-18: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1):
        // "\u00c2\u0085" is sent as C2 85, which is U+0085 in UTF-8 (jqwik seed 4913419837783442857)
        Hl7Message request = Hl7Parser.parse(org.radbridge.hl7.Hl7Charsets.decode(raw, 0, raw.length, null).text());
        String cid = request.controlId();
        if (cid.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            assertEquals(cid, Hl7Parser.parse(a).segment("MSA").value(2), () -> "MSA-2 of " + Hl7Target.visible(a));
        }
    }

    @Provide
    Arbitrary<String> hostileHeaders() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('|', '\r', '\n').ofMaxLength(12),
                Arbitraries.of("\\X1C\\", "\\X0B\\", "\\X00\\", "\\X0D\\", "\\X0A\\", "\\X1C0B0D\\", "\\F\\", "\\E\\",
                        "\u001c", "\u000b", "\u0000", "^", "~", "&", "\\", "FS-IN-CID", "A"));
        Arbitrary<String> value = piece.list().ofMaxSize(4).map(l -> String.join("", l));
        return Combinators.combine(value, value, value).as((cid, app, fac) ->
                "MSH|^~\\&|" + app + "|" + fac + "|RADBRIDGE|" + fac + "|20261201081500||ORM^O01^ORM_O01|" + cid
                        + "|P|2.5.1\rPID|1||PAT1^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
                        + "ORC|NW|PLC1^EMR|FIL1^RIS||SC\rOBR|1|PLC1^EMR|FIL1^RIS|71250^CT CHEST^LOCAL\r");
    }

    /**
     * Item 5: n repetitions of PID-3 (or n components, or n segments) are parsed, screened, walked and
     * answered within the time bound: field, repetition and component access is linear.
     */
    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void repetitionsAreReadInLinearTime(@ForAll("blowUps") byte[] message) {
        Budget.run(TARGET, message);
    }

    @Provide
    Arbitrary<byte[]> blowUps() {
        return Combinators.combine(Arbitraries.integers().between(5_000, 30_000), Arbitraries.of('~', '^', '&', '\r'))
                .as((n, sep) -> {
                    StringBuilder sb = new StringBuilder("MSH|^~\\&|RIS|HOSP|RADBRIDGE|RAD|20261201081500||ORM^O01|C1|P|2.5.1\r"
                            + "PID|1||");
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            sb.append(sep == '\r' ? "\rNTE|1||" : String.valueOf(sep));
                        }
                        sb.append("ID").append(i).append(sep == '\r' ? "" : "^^^HOSP^MR");
                    }
                    sb.append("||TESTER^ANNA\rORC|NW|P1|F1\rOBR|1|P1|F1|X^Y\r");
                    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
                });
    }

    /** The walk itself reads what it should (guards against a walk that silently reads nothing). */
    @Property(tries = 1)
    void walkReadsEveryPiece() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|X1|P|2.5\rPID|1||a^b~c&d^e||N\\T\\M\r");
        Segment pid = m.segment("PID");
        assertEquals("c", pid.value(3, 2, 1, 1));
        assertEquals("N&M", pid.value(5, 1, 1, 0));
        assertTrue(Hl7Target.walk(m) > 0);
    }
}
