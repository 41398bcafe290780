package org.radbridge.intake;

import org.radbridge.store.Tx;

/**
 * A local effect of a message (a worklist change, an outbox entry, a patient merge...), planned by a
 * flow without touching the database and applied inside the transaction that journals the message.
 * {@link #apply} may re-check preconditions and throw an {@link org.radbridge.hl7.Hl7Error} (a business
 * error: the message is then answered AE/AR and nothing of it is kept but its journal entry).
 */
public interface Effect {

    /** Applies the effect; {@code messageId} is the journal id of the message that caused it. */
    void apply(Tx tx, long messageId) throws Exception;

    /** One line for the journal's "what it caused" list: no patient names, ids of things only. */
    String describe();

    /** What the effect would do, for a dry run (nothing applied); by default its one-line description. */
    default java.util.List<EffectPreview> preview() {
        return java.util.List.of(EffectPreview.other(describe()));
    }
}
