package org.radbridge.worklist.query;

import java.util.List;
import org.radbridge.dicom.Tag;

/**
 * The matching keys the MWL C-FIND SCP supports (PS3.4 Table K.6-1; docs/dicom-conformance.md), each served
 * from an indexed column of worklist_items. A key not listed here that carries a value is ignored and the
 * pending responses say so with FF01 (PS3.4 C.4.1.1.4). Every attribute of the stored item can be
 * requested as a return key.
 */
public final class MwlKeys {

    /** How a key matches: STRING (single value, wild card, alternatives), PN (same, optionally case-insensitive), UID (list), DATE (range), STATION (multi-valued stored value). */
    public enum Kind { STRING, PN, UID, DATE, STATION }

    /** A supported matching key: its tag, whether it sits in the SPS Sequence, its column and kind. */
    public record Key(int tag, boolean inSps, Column column, Kind kind) {
    }

    /** Keys at the top level of the identifier. */
    public static final List<Key> ROOT = List.of(
            new Key(Tag.PatientName, false, Column.PATIENT_NAME, Kind.PN),
            new Key(Tag.PatientID, false, Column.PATIENT_ID, Kind.STRING),
            new Key(Tag.IssuerOfPatientID, false, Column.ISSUER_OF_PATIENT_ID, Kind.STRING),
            new Key(Tag.PatientBirthDate, false, Column.BIRTH_DATE, Kind.DATE),
            new Key(Tag.PatientSex, false, Column.SEX, Kind.STRING),
            new Key(Tag.AccessionNumber, false, Column.ACCESSION, Kind.STRING),
            new Key(Tag.RequestedProcedureID, false, Column.REQUESTED_PROCEDURE_ID, Kind.STRING),
            new Key(Tag.StudyInstanceUID, false, Column.STUDY_UID, Kind.UID),
            new Key(Tag.ReferringPhysicianName, false, Column.REFERRING_PHYSICIAN, Kind.PN),
            new Key(Tag.RequestingPhysician, false, Column.REQUESTING_PHYSICIAN, Kind.PN),
            new Key(Tag.AdmissionID, false, Column.ADMISSION_ID, Kind.STRING),
            new Key(Tag.RequestedProcedurePriority, false, Column.PRIORITY, Kind.STRING));

    /** Keys inside the Scheduled Procedure Step Sequence (0040,0100) item (SPS Start Date/Time are handled together). */
    public static final List<Key> SPS = List.of(
            new Key(Tag.ScheduledStationAETitle, true, Column.STATION_AES, Kind.STATION),
            new Key(Tag.Modality, true, Column.MODALITY, Kind.STRING),
            new Key(Tag.ScheduledPerformingPhysicianName, true, Column.PERFORMING_PHYSICIAN, Kind.PN),
            new Key(Tag.ScheduledStationName, true, Column.STATION_NAME, Kind.STRING),
            new Key(Tag.ScheduledProcedureStepLocation, true, Column.SPS_LOCATION, Kind.STRING),
            new Key(Tag.ScheduledProcedureStepID, true, Column.SPS_ID, Kind.STRING),
            new Key(Tag.ScheduledProcedureStepStatus, true, Column.SPS_STATUS, Kind.STRING));

    private MwlKeys() {
    }

    static Key find(List<Key> keys, int tag) {
        for (Key k : keys) {
            if (k.tag() == tag) {
                return k;
            }
        }
        return null;
    }
}
