package org.radbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.radbridge.mllp.Mllp;

/** The receiving side's MLLP framing and the ACKs {@link MllpReceiver} writes, as an EMR would. */
final class MllpWire {

    private MllpWire() {
    }

    /** An original-mode ACK as an EMR would write it (v2.5 ERR-3 for errors). */
    static String ack(String msg, String code, String ackedControlId, String errorCode) {
        String ver = Hl7Text.field(msg, "MSH", 12);
        String trigger = Hl7Text.field(msg, "MSH", 9);
        int caret = trigger.indexOf('^');
        String event = caret >= 0 ? trigger.substring(caret + 1).split("\\^")[0] : "";
        StringBuilder sb = new StringBuilder();
        sb.append("MSH|^~\\&|").append(Hl7Text.field(msg, "MSH", 5)).append('|').append(Hl7Text.field(msg, "MSH", 6)).append('|')
                .append(Hl7Text.field(msg, "MSH", 3)).append('|').append(Hl7Text.field(msg, "MSH", 4)).append("|20260101000000||ACK^")
                .append(event).append("|ACK-").append(ackedControlId).append("|P|").append(ver).append('\r');
        sb.append("MSA|").append(code).append('|').append(ackedControlId);
        if (errorCode != null) {
            sb.append("|Refused by the test receiver\rERR|||").append(errorCode).append("^Refused^HL70357|E");
        }
        return sb.append('\r').toString();
    }

    static byte[] readBlock(InputStream in) throws IOException {
        return Mllp.readBlock(in);
    }

    static void writeBlock(OutputStream out, byte[] payload) throws IOException {
        Mllp.writeBlock(out, payload);
    }
}
