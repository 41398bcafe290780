package org.radbridge.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Hl7CharsetsTest {

    private static byte[] msg(String msh18, String name, java.nio.charset.Charset cs) {
        return ("MSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5||||||" + msh18 + "\rPID|1||1||" + name + "\r").getBytes(cs);
    }

    @Test
    void readsMsh18FromRawBytes() {
        assertEquals("8859/1", Hl7Charsets.msh18(msg("8859/1", "X", StandardCharsets.US_ASCII)));
        assertEquals("UNICODE UTF-8", Hl7Charsets.msh18(msg("UNICODE UTF-8~8859/1", "X", StandardCharsets.US_ASCII)));
        assertEquals("", Hl7Charsets.msh18("MSH|^~\\&|A\r".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesByDeclarationOrByContent() {
        byte[] latin = msg("8859/1", "MÜLLER", StandardCharsets.ISO_8859_1);
        assertEquals("MÜLLER", Hl7Parser.parse(Hl7Charsets.decode(latin, 0, latin.length,
                Hl7Charsets.forName("8859/1")).text()).get("PID-5"));
        byte[] utf8NoDecl = msg("", "MÜLLER", StandardCharsets.UTF_8);
        Hl7Charsets.Decoded d = Hl7Charsets.decode(utf8NoDecl, 0, utf8NoDecl.length, Hl7Charsets.forName(""));
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertEquals("MÜLLER", Hl7Parser.parse(d.text()).get("PID-5"));
        byte[] latinSaysAscii = msg("ASCII", "MÜLLER", StandardCharsets.ISO_8859_1);
        d = Hl7Charsets.decode(latinSaysAscii, 0, latinSaysAscii.length, Hl7Charsets.forName("ASCII"));
        assertEquals(StandardCharsets.ISO_8859_1, d.charset());
        assertEquals("MÜLLER", Hl7Parser.parse(d.text()).get("PID-5"));
        assertEquals(null, Hl7Charsets.forName(" "));
    }

    /** Issue 11 item 8: only HL7 table 0211 names (and a few documented spellings), never any Java charset. */
    @Test
    void onlyTable0211NamesAreHonoured() {
        assertEquals(StandardCharsets.UTF_8, Hl7Charsets.forName("UNICODE UTF-8"));
        assertEquals(StandardCharsets.ISO_8859_1, Hl7Charsets.forName("8859/1"));
        assertEquals(StandardCharsets.UTF_8, Hl7Charsets.forName("UTF-8"));
        for (String javaOnly : new String[] {"UTF-16", "UNICODE UTF-16", "UTF-32", "UNICODE UTF-32", "IBM037", "Cp1047", "x-UTF-32BE-BOM", "UTF-16LE"}) {
            assertEquals(null, Hl7Charsets.forName(javaOnly), javaOnly);
            org.junit.jupiter.api.Assertions.assertTrue(Hl7Charsets.isUnsupported(javaOnly), javaOnly);
        }
        org.junit.jupiter.api.Assertions.assertFalse(Hl7Charsets.isUnsupported(" "));
    }

    @Test
    void encodingForMllpNeverWritesFramingBytes() {
        byte[] b = Hl7Charsets.encodeForMllp("MSA|AA|\u001c\u000b\u0000X\r", StandardCharsets.ISO_8859_1);
        assertEquals("MSA|AA|???X\r", new String(b, StandardCharsets.ISO_8859_1));
        assertEquals("MSH|?", new String(Hl7Charsets.encodeForMllp("MSH|\u5c71", StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1));
        assertEquals("MSH|", new String(Hl7Charsets.encodeForMllp("MSH|", java.nio.charset.Charset.forName("UTF-16")), StandardCharsets.US_ASCII),
                "a charset that is not ASCII-compatible is replaced by UTF-8");
    }
}
