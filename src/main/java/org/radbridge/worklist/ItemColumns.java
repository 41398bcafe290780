package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;

/**
 * The indexed matching columns of a worklist item (table worklist_items), read from its data set: the
 * MWL C-FIND matching keys of docs/dicom-conformance.md. Queries are answered from these columns only;
 * the data set is read for the items that match.
 */
public record ItemColumns(String patientId, String issuerOfPatientId, String patientName, String birthDate,
        String sex, String accession, String requestedProcedureId, String referringPhysician,
        String requestingPhysician, String admissionId, String priority, String modality, List<String> stationAes,
        String stationName, String spsLocation, String spsStart, String spsStartDate, String spsStartTime,
        String performingPhysician, String spsStatus) {

    public static ItemColumns of(Attributes ds) {
        Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
        if (sps == null) {
            sps = new Attributes();
        }
        List<String> stations = new ArrayList<>();
        for (String s : sps.getStrings(Tag.ScheduledStationAETitle)) {
            if (!s.isBlank() && !stations.contains(s.trim())) {
                stations.add(s.trim());
            }
        }
        String date = v(sps, Tag.ScheduledProcedureStepStartDate);
        String time = normalizeTime(v(sps, Tag.ScheduledProcedureStepStartTime));
        return new ItemColumns(v(ds, Tag.PatientID), v(ds, Tag.IssuerOfPatientID), raw(ds, Tag.PatientName),
                v(ds, Tag.PatientBirthDate), v(ds, Tag.PatientSex), v(ds, Tag.AccessionNumber),
                v(ds, Tag.RequestedProcedureID), raw(ds, Tag.ReferringPhysicianName), raw(ds, Tag.RequestingPhysician),
                v(ds, Tag.AdmissionID), v(ds, Tag.RequestedProcedurePriority), v(sps, Tag.Modality), stations,
                raw(sps, Tag.ScheduledStationName), v(sps, Tag.ScheduledProcedureStepLocation),
                date == null ? null : date + (time == null ? "000000" : time), date, time,
                raw(sps, Tag.ScheduledPerformingPhysicianName), v(sps, Tag.ScheduledProcedureStepStatus));
    }

    private static String v(Attributes a, int tag) {
        String s = a.getString(tag);
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String raw(Attributes a, int tag) {
        String s = a.getRawString(tag);
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** TM to HHMMSS (missing minutes/seconds as 00, fraction dropped), or null. */
    public static String normalizeTime(String tm) {
        if (tm == null || tm.isBlank()) {
            return null;
        }
        String t = tm.trim().replace(":", "");
        int dot = t.indexOf('.');
        if (dot >= 0) {
            t = t.substring(0, dot);
        }
        if (t.length() > 6) {
            t = t.substring(0, 6);
        }
        return (t + "000000").substring(0, 6);
    }

    /** Upper case for case-insensitive person name matching, or null. */
    public static String ci(String pn) {
        return pn == null ? null : pn.toUpperCase(Locale.ROOT);
    }

    /** Station AE titles as stored in station_aes (backslash-separated), or null. */
    public String stationAesJoined() {
        return stationAes.isEmpty() ? null : String.join("\\", stationAes);
    }
}
