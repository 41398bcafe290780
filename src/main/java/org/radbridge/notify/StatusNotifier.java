package org.radbridge.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.intake.Effect;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.store.Tx;

/**
 * Sends order status (ORC-1=SC, ORC-5 IP/CM/DC) to the destinations of mappings/to-hl7/order-status.yaml,
 * in the shape each destination takes ({@link StatusMessages}). The public entry point for the flows that
 * learn of a status change (procedure-status: MPPS; study-available): call {@link #enqueue} inside their
 * transaction, or add {@link #effect} to an {@code Inbound}. Bound for routes as bean "statusNotifier".
 */
public final class StatusNotifier {

    public static final String FILE = "to-hl7/order-status.yaml";

    private final Hl7Outbox outbox;
    private final StatusMessages.Sender sender;
    private final ControlIds controlIds;
    private final List<String> to;
    private final Set<StatusMessages.Status> statuses;

    private final Supplier<OrderIdentifiers> identifiers;

    /** @param identifiers the identifier reader in force (the intake's: a reload swaps it) */
    public StatusNotifier(Hl7Outbox outbox, StatusMessages.Sender sender, ControlIds controlIds, List<String> to,
            Set<StatusMessages.Status> statuses, Supplier<OrderIdentifiers> identifiers) {
        this.identifiers = identifiers;
        this.outbox = outbox;
        this.sender = sender;
        this.controlIds = controlIds;
        this.to = List.copyOf(to);
        this.statuses = statuses.isEmpty() ? EnumSet.noneOf(StatusMessages.Status.class) : EnumSet.copyOf(statuses);
    }

    public static StatusNotifier load(Mappings m, Hl7Outbox outbox, StatusMessages.Sender sender, ControlIds ids,
            Supplier<OrderIdentifiers> identifiers) {
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        List<String> to = new ArrayList<>();
        root.path("to").forEach(t -> to.add(t.asText()));
        to.forEach(t -> outbox.destinations().require(origin, t));
        Set<StatusMessages.Status> st = EnumSet.noneOf(StatusMessages.Status.class);
        JsonNode s = root.path("statuses");
        if (s.isMissingNode()) {
            st = EnumSet.allOf(StatusMessages.Status.class);
        }
        for (JsonNode n : s) {
            try {
                st.add(StatusMessages.Status.of(n.asText()));
            } catch (IllegalArgumentException e) {
                throw new MappingException(origin, e.getMessage());
            }
        }
        return new StatusNotifier(outbox, sender, ids, to, st, identifiers);
    }

    public List<String> destinations() {
        return to;
    }

    /**
     * Queues the status message for every configured destination in the caller's transaction; returns what
     * was queued (nothing when this status is not sent).
     *
     * @param messageId the journal id of the message that caused it, or null (e.g. an MPPS)
     */
    public List<Hl7Outbox.Queued> enqueue(Tx tx, Long messageId, StatusMessages.Request r) throws Exception {
        return prepare(r).enqueue(tx, messageId);
    }

    /**
     * The status messages of {@code r} built and encoded for every configured destination, outside any transaction
     * (control ids chosen now); {@link Prepared#enqueue} queues them in the caller's transaction. A flow that knows
     * the change before its transaction (procedure-status) prepares there, so that the single writer thread only
     * queues.
     */
    public Prepared prepare(StatusMessages.Request r) {
        List<Hl7Outbox.Prepared> out = new ArrayList<>();
        if (!statuses.contains(r.status())) {
            return new Prepared(out);
        }
        Charset cs = Hl7Charsets.forName(r.order().characterSet());
        if (cs == null) {
            cs = StandardCharsets.UTF_8;
        }
        OrderIdentifiers reader = identifiers.get();
        String patient = reader.patient(r.order());
        for (String d : to) {
            Hl7DestinationConfig dest = outbox.destinations().get(d);
            String id = controlIds.next();
            String text = StatusMessages.build(r, dest, sender, id, reader);
            out.add(outbox.prepare(d, patient, StatusMessages.shape(r.order(), dest).kind(), text, cs, id));
        }
        return new Prepared(out);
    }

    /** Status messages ready for the outbox (one per destination; none when the status is not sent). */
    public final class Prepared {

        private final List<Hl7Outbox.Prepared> messages;

        private Prepared(List<Hl7Outbox.Prepared> messages) {
            this.messages = List.copyOf(messages);
        }

        public List<Hl7Outbox.Prepared> messages() {
            return messages;
        }

        /** Queues them in the caller's transaction; returns what was queued. */
        public List<Hl7Outbox.Queued> enqueue(Tx tx, Long messageId) throws java.sql.SQLException {
            List<Hl7Outbox.Queued> q = new ArrayList<>(messages.size());
            for (Hl7Outbox.Prepared p : messages) {
                q.add(outbox.enqueue(tx, messageId, p));
            }
            return q;
        }
    }

    /** The same as an intake effect, applied in the transaction of the message being processed. */
    public Effect effect(StatusMessages.Request r) {
        return new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                enqueue(tx, messageId, r);
            }

            @Override
            public String describe() {
                return "order status " + r.status().code + " queued for " + String.join(" ", to);
            }
        };
    }
}
