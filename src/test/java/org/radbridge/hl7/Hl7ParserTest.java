package org.radbridge.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Hl7ParserTest {

    static final String ORM = "MSH|^~\\&|RIS|RAD|RB|HOSP|20260101120000||ORM^O01^ORM_O01|C1|P|2.3.1\r"
            + "PID|1||123^^^HOSP&1.2.3&ISO^MR~456^^^SSA^SS||O'BRIEN^JOHN^Q^JR^DR||19700101|M\r"
            + "ORC|NW|P1^EMR|F1^RIS\r"
            + "OBR|1|P1^EMR|F1^RIS|CT1^CT HEAD^L||||||||||||||ACC1|RP1|SPS1\r"
            + "NTE|1||Text with \\T\\ ampersand and \\F\\ bar\r"
            + "ORC|NW|P2^EMR\r"
            + "OBR|2|P2^EMR\r";

    @Test
    void readsFieldsComponentsRepetitionsAndSubcomponents() {
        Hl7Message m = Hl7Parser.parse(ORM);
        assertEquals("ORM^O01", m.messageType());
        assertEquals("ORM_O01", m.messageStructure());
        assertEquals("C1", m.controlId());
        assertEquals("2.3.1", m.version());
        assertEquals("123", m.get("PID-3.1"));
        assertEquals("HOSP", m.get("PID-3.4.1"));
        assertEquals("1.2.3", m.get("PID-3.4.2"));
        assertEquals("456", m.get("PID-3(2).1"));
        assertEquals("O'BRIEN", m.get("PID-5.1"));
        assertEquals("ACC1", m.get("OBR-18"));
        assertEquals("|", m.msh().field(1));
        assertEquals("^~\\&", m.msh().field(2));
        assertEquals(2, m.groups("ORC").size());
        assertEquals(3, m.groups("ORC").get(0).size());
        assertEquals(2, m.segment("PID").repetitions(3).size());
    }

    @Test
    void decodesEscapes() {
        Hl7Message m = Hl7Parser.parse(ORM);
        assertEquals("Text with & ampersand and | bar", m.get("NTE-3"));
        Delimiters d = Delimiters.STANDARD;
        assertEquals("a\nb", Hl7Escapes.unescape("a\\.br\\b", d));
        assertEquals("Ä", Hl7Escapes.unescape("\\XC4\\", d));
        assertEquals("keep \\ lone", Hl7Escapes.unescape("keep \\ lone", d));
        String raw = "x|y^z~w&v\\u\r\nnext";
        assertEquals(raw.replace("\r\n", "\n"), Hl7Escapes.unescape(Hl7Escapes.escape(raw, d), d));
    }

    @Test
    void toleratesLfCrLfBomAndNoise() {
        String lf = "\uFEFF\u0000\u000bMSH|^~\\&|A|B|C|D|20260101||ADT^A08|X|P|2.5\nEVN|A08\r\nPID|1||9\n\n";
        Hl7Message m = Hl7Parser.parse(lf);
        assertEquals(3, m.segments().size());
        assertEquals("9", m.get("PID-3"));
        assertTrue(m.problems().isEmpty());
    }

    @Test
    void nonStandardDelimiters() {
        Hl7Message m = Hl7Parser.parse("MSH^~|\\&^SENDING^200M^RECEIVING^200^20120918173931^^ADT~A24^2003582144^T^2.4\r"
                + "PID^1^^11111~~~FOO&&0363~NI|22222^^SMITH~JOHN\r");
        assertEquals("ADT^A24", m.messageType());
        assertEquals("SENDING", m.sendingApplication());
        assertEquals("11111", m.get("PID-3.1"));
        assertEquals("FOO", m.get("PID-3.4.1"));
        assertEquals("22222", m.get("PID-3(2).1"));
    }

    @Test
    void shortEncodingCharactersDoNotHang() {
        Hl7Message m = Hl7Parser.parse("MSH|^\rPID|1\r");
        assertEquals("", m.controlId());
    }

    @Test
    void linesThatAreNotSegmentsAreReported() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5\rPID|1||9|(608)258-\r8866|||x\r||||\r");
        assertEquals(2, m.problems().size());
        assertEquals(3, m.problemLines().get(0));
    }

    @Test
    void noMshIsRefused() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> Hl7Parser.parse("hello world"));
        assertEquals(AckCode.AR, e.ackCode());
        assertEquals(Hl7Error.Code.SEGMENT_SEQUENCE, e.code());
    }

    @Test
    void versions() {
        assertEquals(231, Hl7Version.number("2.3.1"));
        assertEquals(250, Hl7Version.number("2.5"));
        assertEquals(-1, Hl7Version.number("3.0"));
        assertEquals(-1, Hl7Version.number("2.80MMMMM0S0"));
    }
}
