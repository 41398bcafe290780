package org.radbridge.notify;

import java.util.Locale;
import java.util.Map;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutcomeTable;
import org.radbridge.outbox.OutcomeTable.NakPolicy;

/**
 * What a receiver's acknowledgement means for an outbox entry (HL7 v2.5 2.9.2 original mode; the MLLP rows
 * of the outcome table in docs/emr-delivery.md). It counts only if MSA-2 equals the MSH-10 that was sent:
 * an ACK for another control id is not a success and the entry is retried (the connection is then reset).
 * AA/CA: delivered. AE/AR: the destination's policy, refined by the HL7 table 0357 code of its ERR when the
 * destination lists that code. Anything else (no MSA, unknown code): retry.
 */
public final class AckCheck {

    /** The verdict and whether the connection may be kept for the next message. */
    public record Verdict(DeliveryResult result, boolean keepConnection, String ackCode) {
    }

    private AckCheck() {
    }

    public static Verdict check(String ackText, String sentControlId, NakPolicy onAe, NakPolicy onAr,
            Map<String, String> errorCodes) {
        Hl7Message ack;
        try {
            ack = Hl7Parser.parse(ackText);
        } catch (RuntimeException e) {
            return new Verdict(DeliveryResult.retry("unreadable acknowledgement: " + e.getMessage()), false, "unreadable");
        }
        Segment msa = ack.segment("MSA");
        if (msa == null) {
            return new Verdict(DeliveryResult.retry("reply without MSA segment (MSH-9 " + ack.messageType() + ")"), false, "no-msa");
        }
        String code = msa.value(1).trim().toUpperCase(Locale.ROOT);
        String acked = msa.value(2).trim();
        if (!acked.equals(sentControlId)) {
            return new Verdict(DeliveryResult.retry("acknowledgement for control id \"" + clip(acked, 40) + "\", not for the sent \""
                    + sentControlId + "\": not taken as an answer"), false, "wrong-id");
        }
        String errCode = errorCode(ack);
        String text = text(ack, msa);
        if ((code.equals("AE") || code.equals("AR") || code.equals("CE") || code.equals("CR"))
                && errCode != null && errorCodes.containsKey(errCode)) {
            String detail = "MSA-1 " + code + " (ERR code " + errCode + ")" + (text.isEmpty() ? "" : ": " + clip(text, 500));
            DeliveryResult r = switch (errorCodes.get(errCode)) {
                case "delivered" -> DeliveryResult.delivered(detail);
                case "dead" -> DeliveryResult.dead(detail);
                case "pause" -> DeliveryResult.pause(detail);
                default -> DeliveryResult.retry(detail);
            };
            return new Verdict(r, true, code);
        }
        DeliveryResult r = OutcomeTable.mllp(code, errCode == null ? text : errCode + " " + text, onAe, onAr);
        return new Verdict(r, true, code.isEmpty() ? "empty" : code);
    }

    /** The HL7 table 0357 code: ERR-3.1 (v2.5+) or ERR-1.4.1 (v2.1-2.4); null when none. */
    static String errorCode(Hl7Message ack) {
        Segment err = ack.segment("ERR");
        if (err == null) {
            return null;
        }
        String c = err.value(3, 1, 1, 0);
        if (c.isEmpty()) {
            c = err.value(1, 1, 4, 1);
        }
        return c.isEmpty() ? null : c;
    }

    /** The receiver's words: MSA-3, else ERR-8, else the ERR code's text. */
    static String text(Hl7Message ack, Segment msa) {
        String t = msa.value(3);
        Segment err = ack.segment("ERR");
        if (t.isEmpty() && err != null) {
            t = err.value(8);
            if (t.isEmpty()) {
                t = err.value(3, 1, 2, 0);
            }
            if (t.isEmpty()) {
                t = err.value(1, 1, 4, 2);
            }
        }
        return t;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
