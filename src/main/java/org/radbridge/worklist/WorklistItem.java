package org.radbridge.worklist;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;

/**
 * One worklist entry: a Scheduled Procedure Step of a Requested Procedure (PS3.4 K.6), keyed by
 * (Study Instance UID, SPS ID), with what RadBridge tracks about it: the resolved patient key, the order it
 * came from (placer order number^issuer) and its procedure, and the DICOM data set served by C-FIND.
 *
 * @param id database id (0 before it is stored)
 * @param patientKey PID-3 "ID^issuer" resolved through merges (patient_aliases)
 * @param orderKey placer order number "^" issuer (ORC-2), or null
 * @param procedureKey OBR-4 code "^" coding system of the requested procedure
 */
public record WorklistItem(long id, String studyUid, String spsId, String patientKey, String orderKey,
        String procedureKey, Attributes dataset, Long expiredAt) {

    public static WorklistItem of(String patientKey, String orderKey, String procedureKey, Attributes ds) {
        Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
        return new WorklistItem(0, ds.getString(Tag.StudyInstanceUID, ""),
                sps == null ? "" : sps.getString(Tag.ScheduledProcedureStepID, ""), patientKey, orderKey, procedureKey, ds, null);
    }

    /** The SPS item of the data set (every worklist item has exactly one). */
    public Attributes sps() {
        return dataset.getNestedItem(Tag.ScheduledProcedureStepSequence);
    }

    public String status() {
        Attributes sps = sps();
        return sps == null ? "" : sps.getString(Tag.ScheduledProcedureStepStatus, "");
    }

    public WorklistItem withDataset(Attributes ds) {
        return new WorklistItem(id, studyUid, spsId, patientKey, orderKey, procedureKey, ds, expiredAt);
    }

    public WorklistItem withPatientKey(String key) {
        return new WorklistItem(id, studyUid, spsId, key, orderKey, procedureKey, dataset, expiredAt);
    }

    /** "study-uid/sps-id", for logs and journal lines (no PHI). */
    public String key() {
        return studyUid + "/" + spsId;
    }
}
