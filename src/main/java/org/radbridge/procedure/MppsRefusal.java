package org.radbridge.procedure;

import org.radbridge.dicom.net.DicomServiceException;

/**
 * A breach of the MPPS object rules (PS3.4 F.7.2), answered to the modality with a DIMSE failure status
 * (PS3.7 Annex C / PS3.4 F.7.2.1.2, F.7.2.2.2), the Error Comment and, where it helps, the Offending Element
 * (0000,0901) or Error ID (0000,0903). Nothing else fails an MPPS: an MPPS RadBridge cannot match is stored
 * and put on the reconciliation list.
 */
public final class MppsRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorId;
    private final int[] offending;

    public MppsRefusal(int status, String comment, int errorId, int... offending) {
        super(comment);
        this.status = status;
        this.errorId = errorId;
        this.offending = offending.clone();
    }

    public int status() {
        return status;
    }

    /** A DIMSE status as four upper-case hex digits ("0000", "0111"), as the journal and metrics show it. */
    static String hex(int status) {
        return status == 0 ? "0000" : String.format("%04X", status);
    }

    /** The exception the DICOM layer turns into the response command. */
    public DicomServiceException toDimse() {
        DicomServiceException e = new DicomServiceException(status, getMessage());
        if (errorId >= 0) {
            e.errorId(errorId);
        }
        if (offending.length > 0) {
            e.offendingElements(offending);
        }
        return e;
    }
}
