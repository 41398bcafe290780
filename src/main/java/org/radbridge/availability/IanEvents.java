package org.radbridge.availability;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;

/**
 * Reads an Instance Availability Notification (PS3.4 Annex R; IAN module PS3.3 C.4.23, IHE RAD-49) into a
 * {@link StudyEvent}: Study Instance UID (0020,000D); per item of Referenced Series Sequence (0008,1115) the Series
 * Instance UID (0020,000E) and the number of its Referenced SOP Sequence (0008,1199) items whose Instance
 * Availability (0008,0056) is ONLINE or NEARLINE (OFFLINE and UNAVAILABLE instances are not counted); Retrieve AE
 * Title (0008,0054) of the first instance. Identifiers some senders add at the top level (Accession Number
 * (0008,0050) with Issuer of Accession Number Sequence (0008,0051), Patient ID (0010,0020), Issuer of Patient ID
 * (0010,0021), Modality (0008,0060) per series) are taken when present; the rest comes from the PACS or the order.
 */
public final class IanEvents {

    private IanEvents() {
    }

    /** Problems that make the notification unusable (answered with a failure status); empty when fine. */
    public static String problem(Attributes ian) {
        if (ian.getString(Tag.StudyInstanceUID, "").isBlank()) {
            return "Study Instance UID (0020,000D) is missing";
        }
        Sequence series = ian.getSequence(Tag.ReferencedSeriesSequence);
        if (series == null || series.isEmpty()) {
            return "Referenced Series Sequence (0008,1115) is missing or empty";
        }
        for (Attributes s : series) {
            if (s.getString(Tag.SeriesInstanceUID, "").isBlank()) {
                return "a Referenced Series Sequence item has no Series Instance UID (0020,000E)";
            }
        }
        return "";
    }

    public static StudyEvent read(Attributes ian, String callingAe, String address, String sopInstanceUid) {
        List<StudyEvent.Series> series = new ArrayList<>();
        String retrieveAe = "";
        for (Attributes s : ian.getSequence(Tag.ReferencedSeriesSequence)) {
            int available = 0;
            Sequence sops = s.getSequence(Tag.ReferencedSOPSequence);
            if (sops != null) {
                for (Attributes sop : sops) {
                    String availability = sop.getString(Tag.InstanceAvailability, "ONLINE").trim();
                    if (availability.equals("ONLINE") || availability.equals("NEARLINE")) {
                        available++;
                    }
                    if (retrieveAe.isEmpty()) {
                        retrieveAe = sop.getString(Tag.RetrieveAETitle, "");
                    }
                }
            }
            series.add(new StudyEvent.Series(s.getString(Tag.SeriesInstanceUID, ""), s.getString(Tag.Modality, ""),
                    s.getString(Tag.SeriesNumber, ""), s.getString(Tag.SeriesDescription, ""), available));
        }
        Attributes issuer = ian.getNestedItem(Tag.IssuerOfAccessionNumberSequence);
        return new StudyEvent("ian", callingAe, address, sopInstanceUid, ian.getString(Tag.StudyInstanceUID, ""),
                ian.getString(Tag.AccessionNumber, ""), issuer == null ? "" : issuer.getString(Tag.LocalNamespaceEntityID, ""),
                ian.getString(Tag.PatientID, ""), ian.getString(Tag.IssuerOfPatientID, ""), "", "", "", "", "", "",
                retrieveAe, "", series);
    }
}
