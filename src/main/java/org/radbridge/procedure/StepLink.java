package org.radbridge.procedure;

/**
 * A Scheduled Procedure Step an MPPS performs (table mpps_sps): the worklist item key, the step's status before
 * the MPPS first touched it (COMPLETED makes the append case) and how the link was made ("matched" from the
 * Scheduled Step Attributes Sequence, "linked" by an operator).
 */
public record StepLink(String studyUid, String spsId, String priorStatus, String how) {

    /** "study-uid/sps-id" for journal lines (no PHI). */
    public String key() {
        return studyUid + "/" + spsId;
    }
}
