package org.radbridge.procedure;

import org.radbridge.dicom.Attributes;

/**
 * One stored MPPS (table mpps): the current data set (N-CREATE with its N-SETs applied) and what RadBridge made
 * of it. {@code linked} steps performed, {@code unresolved} references that matched no worklist item; the
 * reconciliation list shows the records with no linked step or an unresolved reference.
 *
 * @param dose the dose summary as JSON (docs/procedure-status.md, "Dose"), or null when the MPPS reports none
 * @param messageId the journal entry of the last N-CREATE / N-SET
 */
public record MppsRecord(String sopInstanceUid, String status, String callingAe, String ppsId, String patientKey,
        String studyUid, String accession, String modality, String caseKind, int linked, int unresolved, String dose,
        Long messageId, long createdAt, long updatedAt, Attributes dataset) {

    public boolean needsReconciliation() {
        return linked == 0 || unresolved > 0;
    }
}
