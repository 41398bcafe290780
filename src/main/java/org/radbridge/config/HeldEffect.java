package org.radbridge.config;

import org.radbridge.intake.Effect;
import org.radbridge.store.Journal;
import org.radbridge.store.Tx;

/**
 * An effect a flow could not make for a configuration reason: instead of the outbox entry, a row of held_effects
 * with the reason, in the message's own transaction (the message is still answered per the ACK table).
 */
public final class HeldEffect implements Effect {

    private final HeldEffects held;
    private final Journal journal;
    private final String flow;
    private final String destination;
    private final String patientKey;
    private final String reason;
    private final String context;
    private final boolean reprocess;

    public HeldEffect(HeldEffects held, Journal journal, String flow, String destination, String patientKey, String reason,
            String context) {
        this(held, journal, flow, destination, patientKey, reason, context, false);
    }

    /** {@code reprocess}: the message is being reprocessed; its earlier held effect of the flow is superseded. */
    public HeldEffect(HeldEffects held, Journal journal, String flow, String destination, String patientKey, String reason,
            String context, boolean reprocess) {
        this.reprocess = reprocess;
        this.held = held;
        this.journal = journal;
        this.flow = flow;
        this.destination = destination;
        this.patientKey = patientKey;
        this.reason = reason;
        this.context = context;
    }

    @Override
    public void apply(Tx tx, long messageId) throws Exception {
        if (reprocess) {
            held.supersede(tx, messageId, flow);
        }
        long id = held.hold(tx, messageId, flow, destination, patientKey, reason, context, journal.configDigest());
        journal.event(tx, messageId, "HELD", "held effect " + id + " (" + flow + " -> " + destination + "): " + reason);
    }

    @Override
    public String describe() {
        return "held: " + flow + " -> " + destination + " (" + reason + ")";
    }

    @Override
    public java.util.List<org.radbridge.intake.EffectPreview> preview() {
        return java.util.List.of(new org.radbridge.intake.EffectPreview(org.radbridge.intake.EffectPreview.HELD, destination, reason,
                describe()));
    }
}
