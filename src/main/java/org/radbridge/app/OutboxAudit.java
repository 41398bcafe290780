package org.radbridge.app;

import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.TransmissionAudit;
import org.radbridge.store.Tx;

/** Every transmission audited: the attempt in the claim transaction (fail closed), the outcome after. */
final class OutboxAudit implements TransmissionAudit {

    private final AuditTrail audit;

    OutboxAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void attempt(Tx tx, OutboxEntry e) throws Exception {
        audit.record(tx, new AuditEvent(AuditEvent.TRANSMISSION_ATTEMPT, AuditEvent.SUCCESS, "radbridge", null,
                e.orderingKey(), "outbox-entry", String.valueOf(e.id()),
                "{\"destination\":\"" + e.destination() + "\",\"kind\":\"" + e.kind() + "\",\"attempt\":" + e.attempts() + "}"));
    }

    @Override
    public void outcome(Tx tx, OutboxEntry e, DeliveryResult r) throws Exception {
        String outcome = switch (r.outcome()) {
            case DELIVERED -> AuditEvent.SUCCESS;
            case RETRY -> AuditEvent.MINOR_FAILURE;
            default -> AuditEvent.SERIOUS_FAILURE;
        };
        audit.record(tx, new AuditEvent(AuditEvent.TRANSMISSION_OUTCOME, outcome, "radbridge", null, e.orderingKey(),
                "outbox-entry", String.valueOf(e.id()),
                "{\"destination\":\"" + e.destination() + "\",\"outcome\":\"" + r.outcome() + "\"}"));
    }
}
