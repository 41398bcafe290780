package org.radbridge.outbox;

import org.radbridge.store.Tx;

/**
 * Audit hooks around every transmission (design.md §6): the attempt is recorded in the transaction that
 * claims the entry (if it cannot be written, nothing is sent), the outcome after.
 */
public interface TransmissionAudit {

    void attempt(Tx tx, OutboxEntry entry) throws Exception;

    void outcome(Tx tx, OutboxEntry entry, DeliveryResult result) throws Exception;

    TransmissionAudit NONE = new TransmissionAudit() {
        @Override
        public void attempt(Tx tx, OutboxEntry entry) {
        }

        @Override
        public void outcome(Tx tx, OutboxEntry entry, DeliveryResult result) {
        }
    };
}
