package org.radbridge.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class AckBuilderTest {

    static final ZonedDateTime T = ZonedDateTime.parse("2026-01-02T03:04:05Z");

    @Test
    void mirrorsTheRequestHeader() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|EMR|HOSP|RB|RAD|1||ORM^O01^ORM_O01|C9|T|2.5.1||||||UNICODE UTF-8\r");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.of(m), AckCode.AA, null, "X", "Y", "A1", T);
        assertEquals("MSH|^~\\&|RB|RAD|EMR|HOSP|20260102030405+0000||ACK^O01^ACK|A1|T|2.5.1||||||UNICODE UTF-8\rMSA|AA|C9\r", ack);
    }

    @Test
    void errorsForV25AndLaterUseErr2To4And8() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|EMR|HOSP|||1||ORM^O01|C9|P|2.5\r");
        Hl7Error e = new Hl7Error(AckCode.AE, Hl7Error.Code.TABLE_VALUE_NOT_FOUND, new ErrorLocation("ORC", 1, 1, 1, 0, 0),
                "ORC-1/ORC-5 XX/ not mapped");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.of(m), AckCode.AE, e, "RB", "RAD", "A1", T);
        assertEquals("MSH|^~\\&|RB|RAD|EMR|HOSP|20260102030405+0000||ACK^O01^ACK|A1|P|2.5\r"
                + "MSA|AE|C9\r"
                + "ERR||ORC^1^1^1|103^Table value not found^HL70357|E||||ORC-1/ORC-5 XX/ not mapped\r", ack);
    }

    @Test
    void errorsForV23UseErr1AndMsa3() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|EMR|HOSP|||1||ORM^O01|C9|P|2.3\r");
        Hl7Error e = Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "PID-3", "PID-3 patient id missing");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.of(m), AckCode.AE, e, "RB", "RAD", "A1", T);
        assertEquals("MSH|^~\\&|RB|RAD|EMR|HOSP|20260102030405+0000||ACK^O01|A1|P|2.3\r"
                + "MSA|AE|C9|PID-3 patient id missing\r"
                + "ERR|PID^1^3^101&Required field missing&HL70357\r", ack);
    }

    @Test
    void unreadableRequestGetsADefaultHeader() {
        Hl7Error e = Hl7Error.refused(Hl7Error.Code.SEGMENT_SEQUENCE, null, "no MSH segment");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.unknown(), AckCode.AR, e, "RB", "RAD", "A1", T);
        assertEquals("MSH|^~\\&|RB|RAD|||20260102030405+0000||ACK|A1|P|2.5\rMSA|AR|\r"
                + "ERR|||100^Segment sequence error^HL70357|E||||no MSH segment\r", ack);
    }

    /** Issue 11 item 1: nothing taken from the request reaches the ACK as a raw control character. */
    @Test
    void controlCharactersFromTheRequestAreEscapedNeverRaw() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|EMR\u0000X|HO\u000bSP|RB|RAD|1||ORM^O01|\\X1C\\FS-IN-CID\u0000\u000b\\X0D\\|P\u0001|2.5\r");
        Hl7Error e = Hl7Error.content(Hl7Error.Code.DATA_TYPE, "PID-3", "bad value \u001c\u000b\u0000 here");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.of(m), AckCode.AE, e, "RB", "RAD", "A1", T);
        assertNoRawControl(ack);
        assertEquals("MSH|^~\\&|RB|RAD|EMR\\X00\\X|HO\\X0B\\SP|20260102030405+0000||ACK^O01^ACK|A1|P\\X01\\|2.5\r"
                + "MSA|AE|\\X1C\\FS-IN-CID\\X00\\\\X0B\\\\X0D\\\r"
                + "ERR||PID^1^3^1|102^Data type error^HL70357|E||||bad value \\X1C\\\\X0B\\\\X00\\ here\r", ack);
        Hl7Message parsed = Hl7Parser.parse(ack);
        assertEquals("\u001cFS-IN-CID\u0000\u000b\r", parsed.get("MSA-2"), "MSA-2 decodes to the request's MSH-10");
    }

    /** Delimiters that are control characters (or missing) are not copied into the ACK: the standard ones are used. */
    @Test
    void unsafeRequestDelimitersAreReplacedByTheStandardOnes() {
        Hl7Message m = Hl7Parser.parse("MSH\u0001^~\\&\u0001EMR^X\u0001HOSP\u0001RB\u0001RAD\u00011\u0001\u0001ORM^O01\u0001C|1\u0001P\u00012.5\r");
        String ack = AckBuilder.build(AckBuilder.RequestHeader.of(m), AckCode.AA, null, "RB", "RAD", "A1", T);
        assertNoRawControl(ack);
        assertEquals("MSH|^~\\&|RB|RAD|EMR^X|HOSP|20260102030405+0000||ACK^O01^ACK|A1|P|2.5\rMSA|AA|C\\F\\1\r", ack);
        Hl7Message shortMsh2 = Hl7Parser.parse("MSH|^~|EMR|HOSP|||1||ORM^O01|C\\9\u000b|P|2.5\r");
        ack = AckBuilder.build(AckBuilder.RequestHeader.of(shortMsh2), AckCode.AA, null, "RB", "RAD", "A1", T);
        assertNoRawControl(ack);
        assertEquals("C\\9\u000b", Hl7Parser.parse(ack).get("MSA-2"));
    }

    static void assertNoRawControl(String ack) {
        for (int i = 0; i < ack.length(); i++) {
            char c = ack.charAt(i);
            if (c < 0x20 && c != '\r') {
                throw new AssertionError("raw control character 0x" + Integer.toHexString(c) + " at " + i + " in " + ack);
            }
        }
    }
}
