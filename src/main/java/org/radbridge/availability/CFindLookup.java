package org.radbridge.availability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.PresentationContext;

/**
 * Asks a PACS by DICOM C-FIND (Study Root Query/Retrieve Information Model - FIND, PS3.4 C.6.2) for what an event
 * lacks: at STUDY level by Study Instance UID (Accession Number, Issuer of Accession Number Sequence, Patient ID,
 * Issuer of Patient ID, Patient's Name, Birth Date, Sex, Study Date, Time, Description), then at SERIES level its
 * series (Series Instance UID, Modality, Series Number, Series Description, Number of Series Related Instances).
 * Configured as radbridge.availability.cfind = AE@host:port; the calling AE title is radbridge.dicom.ae-title.
 */
final class CFindLookup implements PacsLookup {

    private final String callingAe;
    private final String calledAe;
    private final String host;
    private final int port;

    CFindLookup(String callingAe, String calledAe, String host, int port) {
        this.callingAe = callingAe;
        this.calledAe = calledAe;
        this.host = host;
        this.port = port;
    }

    /** Parses AE@host:port; IllegalArgumentException when malformed. */
    static CFindLookup parse(String callingAe, String spec) {
        int at = spec.indexOf('@');
        int colon = spec.lastIndexOf(':');
        if (at < 1 || colon < at + 2 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("must be AE@host:port, is " + spec);
        }
        try {
            return new CFindLookup(callingAe, spec.substring(0, at), spec.substring(at + 1, colon),
                    Integer.parseInt(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be AE@host:port, is " + spec);
        }
    }

    @Override
    public String describe() {
        return "C-FIND " + calledAe + "@" + host + ":" + port;
    }

    @Override
    public StudyEvent study(String uid) throws IOException, InterruptedException {
        try (Association as = Association.connect(host, port, callingAe, calledAe, List.of(PresentationContext.proposal(1,
                UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)))) {
            Attributes q = new Attributes();
            q.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
            q.setString(Tag.StudyInstanceUID, VR.UI, uid);
            for (int t : new int[] {Tag.AccessionNumber, Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientName, Tag.PatientBirthDate,
                Tag.PatientSex, Tag.StudyDate, Tag.StudyTime, Tag.StudyDescription}) {
                q.setNull(t, org.radbridge.dicom.Dictionary.entry(t).vr());
            }
            q.newSequence(Tag.IssuerOfAccessionNumberSequence);
            List<Attributes> studies = matches(as.find(UID.StudyRootQueryRetrieveInformationModelFind, q));
            if (studies.isEmpty()) {
                return null;
            }
            Attributes s = studies.get(0);
            Attributes sq = new Attributes();
            sq.setString(Tag.QueryRetrieveLevel, VR.CS, "SERIES");
            sq.setString(Tag.StudyInstanceUID, VR.UI, uid);
            for (int t : new int[] {Tag.SeriesInstanceUID, Tag.Modality, Tag.SeriesNumber, Tag.SeriesDescription,
                Tag.NumberOfSeriesRelatedInstances}) {
                sq.setNull(t, org.radbridge.dicom.Dictionary.entry(t).vr());
            }
            List<StudyEvent.Series> series = new ArrayList<>();
            for (Attributes x : matches(as.find(UID.StudyRootQueryRetrieveInformationModelFind, sq))) {
                series.add(new StudyEvent.Series(x.getString(Tag.SeriesInstanceUID, ""), x.getString(Tag.Modality, ""),
                        x.getString(Tag.SeriesNumber, ""), x.getString(Tag.SeriesDescription, ""),
                        x.getInt(Tag.NumberOfSeriesRelatedInstances, 0)));
            }
            Attributes issuer = s.getNestedItem(Tag.IssuerOfAccessionNumberSequence);
            return new StudyEvent("c-find", describe(), "", "", uid, s.getString(Tag.AccessionNumber, ""),
                    issuer == null ? "" : issuer.getString(Tag.LocalNamespaceEntityID, ""), s.getString(Tag.PatientID, ""),
                    s.getString(Tag.IssuerOfPatientID, ""), s.getString(Tag.PatientName, ""), s.getString(Tag.PatientBirthDate, ""),
                    s.getString(Tag.PatientSex, ""), s.getString(Tag.StudyDate, ""), s.getString(Tag.StudyTime, ""),
                    s.getString(Tag.StudyDescription, ""), "", "", series);
        }
    }

    private static List<Attributes> matches(FindResponses r) throws IOException, InterruptedException {
        List<Attributes> out = r.matches();
        int status = r.finalResponse().status();
        if (status != 0) {
            throw new IOException("C-FIND answered status " + Integer.toHexString(status));
        }
        return out;
    }
}
