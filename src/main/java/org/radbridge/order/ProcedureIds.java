package org.radbridge.order;

import java.util.Set;

/**
 * The identifiers of one scheduled procedure step of an order, as received or as assigned by the
 * documented policy (docs/worklist.md): shared by the worklist and the FHIR mapping so both carry the same
 * accession, requested procedure ID, SPS ID and Study Instance UID. The order-to-worklist flow computes
 * them and leaves them on the Inbound under the typed key {@code intake.FlowKeys.PROCEDURES} (one per SPS, in
 * message order) for the flows after it.
 *
 * @param assigned names of the fields RadBridge assigned (e.g. "studyInstanceUid"); empty for a RIS order
 */
public record ProcedureIds(String studyInstanceUid, String accessionNumber, String accessionIssuer,
        String requestedProcedureId, String spsId, String placerOrderNumber, String placerIssuer,
        String fillerOrderNumber, String fillerIssuer, String modality, Set<String> assigned) {
}
