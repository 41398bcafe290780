package org.radbridge.worklist;

import org.radbridge.order.ProcedureIds;

/**
 * A worklist item an order message will write, with what the order-control state machine needs: whether
 * its order control may create an order (NW), the identifiers as settled (which were assigned), and the
 * HL7 group it came from (for error locations).
 */
record PlannedItem(WorklistItem item, boolean creates, ProcedureIds ids, int group, String orc1) {
}
