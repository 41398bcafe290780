package org.radbridge.app;

import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.TransmissionAudit;
import org.radbridge.store.Tx;

/**
 * Every transmission audited (design.md §6): the attempt in the claim transaction (fail closed: if it
 * cannot be written the claim rolls back and nothing is sent), the outcome after, in the transaction that
 * records it; a delivered outcome is the disclosure record (recipient = destination).
 */
final class OutboxAudit implements TransmissionAudit {

    private final AuditTrail audit;

    OutboxAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void attempt(Tx tx, OutboxEntry e) throws Exception {
        audit.record(tx, AuditEvents.transmissionAttempt(e.destination(), e.kind(), e.id(), e.messageId(), e.controlId(),
                e.orderingKey(), e.attempts()));
    }

    @Override
    public void outcome(Tx tx, OutboxEntry e, DeliveryResult r) throws Exception {
        audit.record(tx, AuditEvents.transmissionOutcome(e.destination(), e.kind(), e.id(), e.messageId(), e.controlId(),
                e.orderingKey(), e.attempts(), r.outcome().name(), r.outcome() == DeliveryResult.Outcome.DELIVERED,
                r.outcome() == DeliveryResult.Outcome.RETRY)); // PAUSE and DEAD need an operator: serious
    }
}
