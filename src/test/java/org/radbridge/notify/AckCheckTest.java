package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.outbox.DeliveryResult.Outcome;
import org.radbridge.outbox.OutcomeTable.NakPolicy;

/** The MLLP rows of the outcome table: MSA-2 correlation first, then MSA-1 and the destination's policy. */
class AckCheckTest {

    static AckCheck.Verdict check(String ack, String sent) {
        return AckCheck.check(ack, sent, NakPolicy.DEAD, NakPolicy.RETRY, Map.of("205", "delivered"));
    }

    static String ack(String msa, String err) {
        return "MSH|^~\\&|EMR|HOSP|RADBRIDGE|RAD|20260101||ACK^R01^ACK|A1|P|2.5.1\rMSA|" + msa + "\r" + (err == null ? "" : err + "\r");
    }

    @Test
    void aaForTheSentControlIdIsDelivered() {
        AckCheck.Verdict v = check(ack("AA|RB1", null), "RB1");
        assertEquals(Outcome.DELIVERED, v.result().outcome());
        assertTrue(v.keepConnection());
        assertEquals("AA", v.ackCode());
        assertEquals(Outcome.DELIVERED, check(ack("CA|RB1", null), "RB1").result().outcome(), "enhanced-mode commit accept");
    }

    @Test
    void anAckForAnotherControlIdIsNeverASuccess() {
        AckCheck.Verdict v = check(ack("AA|RB0", null), "RB1");
        assertEquals(Outcome.RETRY, v.result().outcome());
        assertFalse(v.keepConnection(), "the stream is out of step: reset");
        assertEquals("wrong-id", v.ackCode());
        assertEquals(Outcome.RETRY, check(ack("AA|", null), "RB1").result().outcome(), "empty MSA-2");
        assertEquals(Outcome.RETRY, check(ack("AE|RB0", null), "RB1").result().outcome(), "a NAK of another message is not ours");
    }

    @Test
    void naksFollowThePolicyAndTheErrorCodeTable() {
        assertEquals(Outcome.DEAD, check(ack("AE|RB1|bad PID", null), "RB1").result().outcome());
        assertEquals(Outcome.RETRY, check(ack("AR|RB1", null), "RB1").result().outcome());
        AckCheck.Verdict v25 = check(ack("AE|RB1", "ERR|||205^Duplicate key identifier^HL70357|E"), "RB1");
        assertEquals(Outcome.DELIVERED, v25.result().outcome(), "v2.5 ERR-3 code 205 configured as delivered");
        AckCheck.Verdict v231 = check(ack("AE|RB1|dup", "ERR|MSH^1^10^205&Duplicate key&HL70357"), "RB1");
        assertEquals(Outcome.DELIVERED, v231.result().outcome(), "v2.3.1 ERR-1 code");
        AckCheck.Verdict other = check(ack("AE|RB1", "ERR|||101^Required field missing^HL70357|E||||PID-3 missing"), "RB1");
        assertEquals(Outcome.DEAD, other.result().outcome());
        assertEquals("MSA-1 AE: 101 PID-3 missing", other.result().detail());
    }

    @Test
    void repliesThatAreNotAcknowledgementsAreRetried() {
        assertEquals("no-msa", check("MSH|^~\\&|EMR|HOSP|||20260101||ADT^A01|X|P|2.5\rPID|1\r", "RB1").ackCode());
        assertEquals(Outcome.RETRY, check(ack("XX|RB1", null), "RB1").result().outcome());
        assertEquals(Outcome.RETRY, check("garbage", "RB1").result().outcome());
    }
}
