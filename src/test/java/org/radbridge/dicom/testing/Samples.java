package org.radbridge.dicom.testing;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;

/** Synthetic data sets used across the DICOM tests (no real patient data). */
public final class Samples {

    private Samples() {
    }

    /**
     * A complete Modality Worklist item (PS3.4 K.6-1) that DCMTK wlmscpfs accepts: every attribute it
     * requires is filled (see the reference notes on incomplete .wl files).
     */
    public static Attributes worklistItem(String charset, String patientName, String patientId, String accession,
            String modality, String stationAet, String date, String time, String spsId) {
        Attributes a = new Attributes();
        if (charset != null) {
            a.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        }
        a.setString(Tag.AccessionNumber, VR.SH, accession);
        a.setString(Tag.ReferringPhysicianName, VR.PN, "REF^DOCTOR");
        a.setString(Tag.PatientName, VR.PN, patientName);
        a.setString(Tag.PatientID, VR.LO, patientId);
        a.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP");
        a.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        a.setString(Tag.PatientSex, VR.CS, "M");
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498." + Math.abs(accession.hashCode()));
        a.setString(Tag.RequestedProcedureDescription, VR.LO, modality + " HEAD WITHOUT CONTRAST");
        Sequence sps = a.newSequence(Tag.ScheduledProcedureStepSequence);
        Attributes item = sps.addItem();
        item.setString(Tag.Modality, VR.CS, modality);
        item.setString(Tag.ScheduledStationAETitle, VR.AE, stationAet);
        item.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, date);
        item.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, time);
        item.setString(Tag.ScheduledPerformingPhysicianName, VR.PN, "TECH^ANNA");
        item.setString(Tag.ScheduledProcedureStepDescription, VR.LO, modality + " HEAD");
        item.setString(Tag.ScheduledProcedureStepID, VR.SH, spsId);
        item.setString(Tag.ScheduledStationName, VR.SH, "ROOM1");
        item.setString(Tag.ScheduledProcedureStepLocation, VR.SH, "RAD1");
        Attributes code = item.newSequence(Tag.ScheduledProtocolCodeSequence).addItem();
        code.setString(Tag.CodeValue, VR.SH, "P1");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99LOCAL");
        code.setString(Tag.CodeMeaning, VR.LO, "Protocol one");
        a.setString(Tag.RequestedProcedureID, VR.SH, "RP" + spsId);
        a.setString(Tag.RequestedProcedurePriority, VR.SH, "ROUTINE");
        return a;
    }

    /** A typical modality worklist query: matching keys in the SPS item, return keys empty. */
    public static Attributes worklistQuery(String modality, String stationAet, String dateRange) {
        Attributes q = new Attributes();
        q.setNull(Tag.AccessionNumber, VR.SH);
        q.setNull(Tag.PatientName, VR.PN);
        q.setNull(Tag.PatientID, VR.LO);
        q.setNull(Tag.StudyInstanceUID, VR.UI);
        q.setNull(Tag.RequestedProcedureID, VR.SH);
        Attributes sps = q.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        if (modality != null) {
            sps.setString(Tag.Modality, VR.CS, modality);
        } else {
            sps.setNull(Tag.Modality, VR.CS);
        }
        if (stationAet != null) {
            sps.setString(Tag.ScheduledStationAETitle, VR.AE, stationAet);
        } else {
            sps.setNull(Tag.ScheduledStationAETitle, VR.AE);
        }
        if (dateRange != null) {
            sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, dateRange);
        } else {
            sps.setNull(Tag.ScheduledProcedureStepStartDate, VR.DA);
        }
        sps.setNull(Tag.ScheduledProcedureStepStartTime, VR.TM);
        sps.setNull(Tag.ScheduledProcedureStepID, VR.SH);
        return q;
    }

    /** An MPPS N-CREATE data set (PS3.4 F.7.2.1) with a few radiation dose attributes. */
    public static Attributes mppsInProgress() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Attributes ssa = a.newSequence(Tag.ScheduledStepAttributesSequence).addItem();
        ssa.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.1001");
        ssa.setString(Tag.AccessionNumber, VR.SH, "ACC0001");
        ssa.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS0001");
        a.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        a.setString(Tag.PatientID, VR.LO, "PID0001");
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS0001");
        a.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        a.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20250615");
        a.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "093000");
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.newSequence(Tag.PerformedSeriesSequence);
        a.setString(Tag.SOPClassUID, VR.UI, UID.ModalityPerformedProcedureStep);
        return a;
    }
}
