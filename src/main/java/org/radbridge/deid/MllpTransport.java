package org.radbridge.deid;

import java.nio.charset.StandardCharsets;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.MllpClient;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.OutcomeTable;

/**
 * A de-identified target reached over MLLP (HL7 v2 MLLP Release 2): one connection per delivery, the
 * acknowledgement's MSA-1 classified by the outbox's {@link OutcomeTable} with the target's AE/AR policy.
 * Used until a shared MLLP destination factory is bound ("destinationFactory.mllp"), see DeidModule.
 */
final class MllpTransport implements Destination {

    private final String name;
    private final String host;
    private final int port;
    private final OutcomeTable.NakPolicy onAe;
    private final OutcomeTable.NakPolicy onAr;

    MllpTransport(String name, String hostPort, OutcomeTable.NakPolicy onAe, OutcomeTable.NakPolicy onAr) {
        this.name = name;
        int colon = hostPort.lastIndexOf(':');
        this.host = hostPort.substring(0, colon);
        this.port = Integer.parseInt(hostPort.substring(colon + 1));
        this.onAe = onAe;
        this.onAr = onAr;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        byte[] ack;
        try (MllpClient c = new MllpClient(host, port, 5000, 30000, null)) {
            ack = c.exchange(e.payload());
        }
        if (ack == null) {
            return DeliveryResult.retry("no acknowledgement from " + host + ":" + port);
        }
        Hl7Message m;
        try {
            m = Hl7Parser.parse(new String(ack, StandardCharsets.ISO_8859_1));
        } catch (RuntimeException ex) {
            return DeliveryResult.retry("unreadable acknowledgement from " + host + ":" + port);
        }
        return OutcomeTable.mllp(m.get("MSA-1"), m.get("MSA-3"), onAe, onAr);
    }
}
