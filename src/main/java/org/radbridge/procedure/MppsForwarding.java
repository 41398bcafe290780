package org.radbridge.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.intake.Effect;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * PPS Manager forwarding (IHE RAD-6/7; mappings/peers/mpps-forward.yaml): route step forward queues each accepted
 * N-CREATE / N-SET, as the modality sent it, for every destination that takes the calling AE, in the MPPS's
 * transaction. Outbox ordering key = the MPPS SOP Instance UID, so the N-CREATE goes before its N-SETs, and a
 * destination that is down delays only its own queue ({@link MppsForwardDestination}).
 */
public final class MppsForwarding {

    public static final String FILE = "peers/mpps-forward.yaml";
    public static final String KIND_CREATE = "mpps-n-create";
    public static final String KIND_SET = "mpps-n-set";
    public static final String CONTENT_TYPE = "application/dicom";
    /** Forwards carry the data set in explicit VR little endian. */
    public static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    /** One forward destination of the file. */
    public record Target(String name, String aeTitle, String host, int port, String callingAe, List<String> from, boolean tls) {

        boolean takes(String callingAe) {
            return from.contains("*") || from.contains(callingAe);
        }
    }

    private final List<Target> targets;
    private final Outbox outbox;

    public MppsForwarding(List<Target> targets, Outbox outbox) {
        this.targets = List.copyOf(targets);
        this.outbox = outbox;
    }

    public static List<Target> load(Mappings m, String defaultCallingAe) {
        String origin = m.origin(FILE);
        List<Target> out = new ArrayList<>();
        if (!m.exists(FILE)) {
            return out;
        }
        for (JsonNode d : m.yaml(FILE).path("destinations")) {
            String name = d.path("name").asText("");
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new MappingException(origin, "destination name must be lower-case letters, digits and '-', is \"" + name + "\"");
            }
            String ae = d.path("ae-title").asText("");
            String calling = d.path("calling-ae").asText(defaultCallingAe);
            for (String a : new String[] {ae, calling}) {
                if (!a.matches("[\\x20-\\x7E&&[^\\\\]]{1,16}") || a.isBlank()) {
                    throw new MappingException(origin, "destination " + name + ": AE titles are 1 to 16 characters, is \"" + a + "\"");
                }
            }
            String address = d.path("address").asText("");
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon < 1 ? -1 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new MappingException(origin, "destination " + name + ": address must be host:port, is \"" + address + "\"");
            }
            List<String> from = new ArrayList<>();
            d.path("from").forEach(f -> from.add(f.asText()));
            if (from.isEmpty()) {
                from.add("*");
            }
            out.add(new Target(name, ae.trim(), address.substring(0, colon), port, calling.trim(), from,
                    d.path("tls").asBoolean(false)));
        }
        return out;
    }

    public List<Target> targets() {
        return targets;
    }

    /** Route step forward: one outbox entry per destination taking this modality. */
    public MppsEvent forward(MppsEvent e) {
        if (e.refused() || e.op() == MppsEvent.Op.LINK) {
            return e;
        }
        byte[] payload = null; // encoded once, only when a destination takes it
        String kind = e.op() == MppsEvent.Op.CREATE ? KIND_CREATE : KIND_SET;
        for (Target t : targets) {
            if (t.takes(e.callingAe())) {
                if (payload == null) {
                    payload = new DicomWriter(TS).encode(e.request());
                }
                byte[] bytes = payload;
                e.addEffect(new Effect() {
                    @Override
                    public void apply(Tx tx, long messageId) throws Exception {
                        outbox.enqueue(tx, messageId, new NewEntry(t.name(), e.iuid(), kind, CONTENT_TYPE, bytes, e.iuid()));
                    }

                    @Override
                    public String describe() {
                        return "MPPS " + e.op().dimse + " forwarded to " + t.name() + " (" + t.aeTitle() + ")";
                    }
                });
            }
        }
        return e;
    }
}
