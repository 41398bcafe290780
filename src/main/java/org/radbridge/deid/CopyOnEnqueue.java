package org.radbridge.deid;

import java.sql.SQLException;
import java.util.List;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * The feed of the de-identified destinations (design.md §6): when an entry is enqueued for a target's
 * source destination, a copy of it (same payload, ordering key, kind and control id) is enqueued for the
 * target in the same transaction, so a copy exists exactly when the original does. The copy is
 * de-identified when it is delivered ({@link DeidDestination}); until then it is PHI like the original.
 */
public final class CopyOnEnqueue implements Outbox.EnqueueListener {

    private final List<Target> targets;
    private final Outbox outbox;

    public CopyOnEnqueue(List<Target> targets, Outbox outbox) {
        this.targets = List.copyOf(targets);
        this.outbox = outbox;
    }

    @Override
    public void enqueued(Tx tx, long entryId, Long messageId, NewEntry e) throws SQLException {
        for (Target t : targets) {
            if (t.copies(e.destination(), e.kind())) {
                outbox.enqueue(tx, messageId, new NewEntry(t.name(), e.orderingKey(), e.kind(), e.contentType(), e.payload(),
                        e.controlId()));
            }
        }
    }
}
