package org.radbridge.availability;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.notify.ControlIds;
import org.radbridge.notify.Hl7DestinationConfig;
import org.radbridge.notify.Hl7Outbox;
import org.radbridge.notify.StatusMessages;
import org.radbridge.order.ProcedureIds;
import org.radbridge.store.Tx;

/**
 * Queues the "study available" messages of mappings/to-hl7/study-available.yaml in the caller's transaction: per
 * destination the ORU^R01 ({@link AvailableMessages}) or the ORC-1=SC / ORC-5=CM status ({@link StatusMessages}),
 * ordered per patient in the outbox with a control id of its own.
 */
final class EmrNotices {

    private final NotificationConfig config;
    private final Hl7Outbox outbox;
    private final StatusMessages.Sender sender;
    private final ControlIds ids;

    private final java.util.function.Supplier<org.radbridge.order.OrderIdentifiers> identifiers;

    EmrNotices(NotificationConfig config, Hl7Outbox outbox, StatusMessages.Sender sender, ControlIds ids,
            java.util.function.Supplier<org.radbridge.order.OrderIdentifiers> identifiers) {
        this.identifiers = identifiers;
        this.config = config;
        this.outbox = outbox;
        this.sender = sender;
        this.ids = ids;
    }

    NotificationConfig config() {
        return config;
    }

    /** One line per queued message ("emr oru-r01 RB..."), and warnings for destinations that could not be told. */
    record Queued(List<String> lines, List<String> warnings) {
    }

    /** The message of one destination for a study; {@code order} null = a study without an order (shape oru only). */
    Queued queue(Tx tx, long messageId, NotificationConfig.Target t, Hl7Message order, List<ProcedureIds> procedures,
            StudyEvent event, ZonedDateTime when, String patientKey) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Hl7DestinationConfig dest = outbox.destinations().get(t.destination());
        String id = ids.next();
        Charset cs = order == null ? StandardCharsets.UTF_8 : charset(order);
        String text;
        String kind;
        if (t.shape() == NotificationConfig.Shape.ORU) {
            text = AvailableMessages.oru(new AvailableMessages.Notice(order, procedures, event, when), config.oru(),
                    t.viewerUrl(), dest, sender, id);
            kind = "oru-r01";
        } else if (order == null) {
            warnings.add(t.destination() + ": no order message kept for the status message (payload purged?): nothing sent");
            return new Queued(lines, warnings);
        } else {
            StatusMessages.Request r = new StatusMessages.Request(order, procedures, StatusMessages.Status.COMPLETED, when);
            text = StatusMessages.build(r, dest, sender, id, identifiers.get());
            kind = StatusMessages.shape(order, dest).kind();
        }
        Hl7Outbox.Queued q = outbox.enqueue(tx, messageId, t.destination(), patientKey, kind, text, cs, id);
        lines.add(t.destination() + " " + kind + " " + q.controlId() + " (outbox " + q.entryId() + ")");
        return new Queued(lines, warnings);
    }

    private static Charset charset(Hl7Message order) {
        Charset cs = Hl7Charsets.forName(order.msh().field(18));
        return cs == null ? StandardCharsets.UTF_8 : cs;
    }
}
