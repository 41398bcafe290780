package org.radbridge.dicom.net;

/**
 * A peer exceeded a memory limit of DIMSE reassembly ({@link DimseBufferBudget}): not a protocol violation but a
 * local limit, so the association is aborted with source service-provider, reason-not-specified (PS3.8 9.3.8,
 * Table 9-26), counted and logged rate-limited rather than once per occurrence.
 */
final class DimseLimitException extends PduException {

    private static final long serialVersionUID = 1L;
    private final DimseBufferBudget.Reason reason;

    DimseLimitException(DimseBufferBudget.Reason reason, String message) {
        super(AAbort.REASON_NOT_SPECIFIED, message);
        this.reason = reason;
    }

    DimseBufferBudget.Reason reason() {
        return reason;
    }
}
