package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Hl7EditTest {

    static final String MSG = "MSH|^~\\&|RIS|RAD|X|Y|20260101||ORU^R01|ORIG|P|2.5.1\nPID|1||P1^^^H\r\nOBX|1|TX|||a \\T\\ b\\.br\\c||||||F";

    @Test
    void setsOneFieldAndKeepsEverythingElse() {
        String out = Hl7Edit.setField(MSG, "MSH", 10, "RB1");
        assertEquals("MSH|^~\\&|RIS|RAD|X|Y|20260101||ORU^R01|RB1|P|2.5.1\rPID|1||P1^^^H\rOBX|1|TX|||a \\T\\ b\\.br\\c||||||F\r", out);
        assertEquals(out, Hl7Edit.setField(out, "ZZZ", 1, "x"), "no such segment: unchanged");
    }

    @Test
    void addsMissingFieldsAndComponents() {
        String out = Hl7Edit.setField("MSH|^~\\&|A|B\r", "MSH", 6, "EMR^1.2.3^ISO");
        assertEquals("MSH|^~\\&|A|B||EMR^1.2.3^ISO\r", out);
        assertEquals("PID|1||||DOE^JANE\r", Hl7Edit.setField("PID|1\r", "PID", 5, "DOE^JANE"));
        assertEquals("MSH|^~\\&|A\r", Hl7Edit.setField("MSH|^~\\&|A|B\r", "MSH", 4, ""), "trailing empty fields dropped");
    }

    @Test
    void usesTheMessagesOwnDelimiters() {
        assertEquals("MSH#^~\\&#A#B#C\r", Hl7Edit.setField("MSH#^~\\&#A#B\r", "MSH", 5, "C"));
    }

    @Test
    void stampsTheControlIdInThePayloadsCharset() {
        String latin = "MSH|^~\\&|RIS|RAD|X|Y|20260101||ORU^R01|ORIG|P|2.3.1||||||8859/1\rPID|1||P1||MÜLLER^JÖRG\r";
        byte[] stamped = Hl7Edit.stamp(latin.getBytes(StandardCharsets.ISO_8859_1), Hl7Edit.contentType(StandardCharsets.ISO_8859_1), "RB|1");
        assertArrayEquals(latin.replace("|ORIG|", "|RB\\F\\1|").getBytes(StandardCharsets.ISO_8859_1), stamped,
                "Latin-1 bytes kept; a delimiter in the id is escaped");
        assertEquals(StandardCharsets.UTF_8, Hl7Edit.charsetOf("application/hl7-v2"));
        assertEquals(StandardCharsets.UTF_8, Hl7Edit.charsetOf("application/hl7-v2; charset=nonsense"));
    }
}
