package org.radbridge.intake;

import java.util.List;
import org.radbridge.order.ProcedureIds;

/**
 * The state one module's flow leaves for another module's flow: the typed contract between flows (a flow's own
 * state between its steps is a private {@link FlowKey} of its bean).
 */
public final class FlowKeys {

    private FlowKeys() {
    }

    /**
     * The procedure identifiers of the current order message, one per Scheduled Procedure Step in message order,
     * as the order-to-worklist flow settled them (received, or assigned by the sender's identifier policy): the FHIR
     * flows after it carry the same accession, requested procedure ID, SPS ID and Study Instance UID.
     */
    public static final FlowKey<List<ProcedureIds>> PROCEDURES = FlowKey.of("order.procedures");
}
