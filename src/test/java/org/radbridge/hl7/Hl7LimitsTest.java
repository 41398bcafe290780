package org.radbridge.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 item 5: linear field access and the per-message structure limits. */
class Hl7LimitsTest {

    static String pidWithRepetitions(int n) {
        StringBuilder sb = new StringBuilder("MSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5\rPID|1||P0^^^HOSP^MR");
        for (int i = 1; i < n; i++) {
            sb.append("~P").append(i).append("^^^HOSP&1.2.").append(i).append("&ISO^MR");
        }
        return sb.append("||DOE^JOHN\r").toString();
    }

    @Test
    void everyRepetitionIsReadInLinearTime() {
        Hl7Message m = Hl7Parser.parse(pidWithRepetitions(300_000));
        Segment pid = m.segment("PID");
        long t0 = System.nanoTime();
        assertEquals(300_000, pid.repetitionCount(3));
        long sum = 0;
        for (int r = 1; r <= pid.repetitionCount(3); r++) {
            sum += pid.value(3, r, 1, 0).length() + pid.value(3, r, 4, 2).length() + pid.raw(3, r, 0, 0).length();
        }
        List<String> reps = pid.repetitions(3);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Hl7LimitsTest: 300,000 repetitions read three ways in " + ms + " ms");
        assertTrue(sum > 0);
        assertEquals("P299999^^^HOSP&1.2.299999&ISO^MR", reps.get(299_999));
        assertEquals("1.2.7", pid.value(3, 8, 4, 2));
        assertEquals("DOE", pid.value(5, 1));
        assertEquals("", pid.value(3, 300_001, 1, 0));
        assertTrue(ms < 10_000, "linear: " + ms + " ms");
    }

    @Test
    void tooManyRepetitionsIsAr104AtTheField() {
        Hl7Message m = Hl7Parser.parse(pidWithRepetitions(1001));
        new Hl7Limits(10_000, 1001).check(m);
        Hl7Error e = assertThrows(Hl7Error.class, () -> new Hl7Limits(10_000, 1000).check(m));
        assertEquals(AckCode.AR, e.ackCode());
        assertEquals(Hl7Error.Code.VALUE_TOO_LONG, e.code());
        assertEquals(new ErrorLocation("PID", 1, 3, 1001, 0, 0), e.location());
    }

    @Test
    void tooManySegmentsIsAr100AtTheFirstSegmentOverTheLimit() {
        StringBuilder sb = new StringBuilder("MSH|^~\\&|A|B|C|D|1||ORU^R01|X|P|2.5\rPID|1||P1\r");
        for (int i = 1; i <= 20; i++) {
            sb.append("OBX|").append(i).append("|TX|||line\r");
        }
        Hl7Message m = Hl7Parser.parse(sb.toString());
        Hl7Error e = assertThrows(Hl7Error.class, () -> new Hl7Limits(10, 1000).check(m));
        assertEquals(AckCode.AR, e.ackCode());
        assertEquals(Hl7Error.Code.SEGMENT_SEQUENCE, e.code());
        assertEquals(ErrorLocation.segment("OBX", 9), e.location());
        new Hl7Limits(22, 1000).check(m);
    }

    @Test
    void theRepetitionCharacterOfMsh2IsNotARepetition() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|1||ADT^A08|X|P|2.5||||||8859/1~UNICODE UTF-8\r");
        new Hl7Limits(10, 2).check(m);
        assertThrows(Hl7Error.class, () -> new Hl7Limits(10, 1).check(m));
        assertEquals(2, m.msh().repetitionCount(18));
        assertEquals(1, m.msh().repetitionCount(2));
    }
}
