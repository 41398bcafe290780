package org.radbridge.procedure;

import org.radbridge.hl7.Hl7Message;
import org.radbridge.worklist.WorklistItem;

/**
 * What the route knows of one performed step: its worklist item and the placer's order as received (its journal
 * entry, parsed), from which the status message and the FHIR ServiceRequest's identity are built. {@code order} is
 * null when no order message is left in the journal (payload retention, or an item without an HL7 order).
 */
public record StepContext(WorklistItem item, Long orderMessageId, Hl7Message order) {
}
