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
}
