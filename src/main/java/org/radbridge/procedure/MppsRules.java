package org.radbridge.procedure;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.Uids;
import org.radbridge.dicom.net.Status;

/**
 * The Modality Performed Procedure Step object rules a PPS Manager enforces (PS3.4 F.7.2, Table F.7.2-1), and
 * nothing more: a modality is refused only for what the standard forbids. Pure functions, unit-tested.
 * <ul>
 * <li>N-CREATE (F.7.2.1): the instance must not exist (0111 Duplicate SOP Instance); the Type 1 attributes
 *     of the N-CREATE column must have a value (0120 Missing Attribute, with the Offending Elements); the
 *     Performed Procedure Step Status must be IN PROGRESS (0106 Invalid Attribute Value).</li>
 * <li>N-SET (F.7.2.2): the instance must exist (0112 No Such Object Instance) and must not be COMPLETED or
 *     DISCONTINUED already (0110 Processing Failure, Error ID A710: "Performed Procedure Step Object may no
 *     longer be updated"); a status must be one of the three defined terms (0106); setting the final state
 *     needs the Final State attributes: End Date and Time, and a Series Instance UID in every Performed
 *     Series Sequence item (0120).</li>
 * <li>UIDs (PS3.5 9.1, via {@link Uids#isValid}): an invalid MPPS SOP Instance UID (Affected SOP Instance UID of
 *     the N-CREATE, Requested SOP Instance UID of the N-SET) is 0117 Invalid Object Instance (PS3.7 10.1.5 / 10.1.3,
 *     Annex C), checked before anything else; an invalid UID the procedure flow takes from the data set (Study
 *     Instance UID of the Scheduled Step Attributes Sequence; Series Instance UID and Referenced SOP Class / Instance
 *     UIDs of the Performed Series Sequence) is 0106 Invalid Attribute Value with the Offending Element.</li>
 * </ul>
 * Attributes the N-SET column marks "Not allowed" (the Scheduled Step Attributes Sequence, Performed Procedure
 * Step ID, start date/time, station AE title, modality, patient) are ignored with a note instead of refused:
 * the N-CREATE's values stay.
 */
public final class MppsRules {

    public static final String IN_PROGRESS = "IN PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String DISCONTINUED = "DISCONTINUED";

    /** Error ID (0000,0903) of PS3.4 F.7.2.2.2 for an N-SET of a finished instance. */
    public static final int NO_LONGER_UPDATABLE = 0xA710;

    /** Type 1 on N-CREATE (Table F.7.2-1, "N-CREATE" column). */
    static final int[] CREATE_TYPE1 = {Tag.ScheduledStepAttributesSequence, Tag.PerformedProcedureStepID,
        Tag.PerformedStationAETitle, Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime,
        Tag.PerformedProcedureStepStatus, Tag.Modality};

    /** "Not allowed" in an N-SET (Table F.7.2-1, "N-SET" column). */
    static final int[] SET_NOT_ALLOWED = {Tag.ScheduledStepAttributesSequence, Tag.PerformedProcedureStepID,
        Tag.PerformedStationAETitle, Tag.PerformedStationName, Tag.PerformedLocation, Tag.PerformedProcedureStepStartDate,
        Tag.PerformedProcedureStepStartTime, Tag.Modality, Tag.StudyID, Tag.PatientName, Tag.PatientID,
        Tag.IssuerOfPatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.SOPClassUID, Tag.SOPInstanceUID};

    private MppsRules() {
    }

    /** Referenced-instance sequences of a Performed Series Sequence item (PS3.4 Table F.7.2-1). */
    private static final int[] SERIES_REFERENCES = {Tag.ReferencedImageSequence,
        Tag.ReferencedNonImageCompositeSOPInstanceSequence};

    /**
     * The MPPS SOP Instance UID of an N-CREATE or N-SET must be a valid UID (PS3.5 9.1): else 0117 Invalid Object
     * Instance, with the Offending Element naming the command attribute. Null (an N-CREATE without one: the SCP
     * assigns it) is not checked here.
     */
    public static void checkInstanceUid(String iuid, boolean create) throws MppsRefusal {
        if (iuid != null && !Uids.isValid(iuid)) {
            throw new MppsRefusal(Status.INVALID_OBJECT_INSTANCE, "invalid SOP Instance UID (PS3.5 9.1)", -1,
                    create ? Tag.AffectedSOPInstanceUID : Tag.RequestedSOPInstanceUID);
        }
    }

    /**
     * The UIDs of the data set the procedure flow uses (matching, storage, FHIR, forwarding) must be valid where
     * present: Study Instance UID in each Scheduled Step Attributes Sequence item; Series Instance UID, Referenced
     * SOP Class UID and Referenced SOP Instance UID in the Performed Series Sequence. Else 0106 Invalid Attribute
     * Value with the Offending Element. Zero-length values (Type 2) are not refused.
     */
    public static void checkReferencedUids(Attributes ds) throws MppsRefusal {
        Sequence ssa = ds.getSequence(Tag.ScheduledStepAttributesSequence);
        for (Attributes item : ssa == null ? List.<Attributes>of() : ssa) {
            checkUid(item, Tag.StudyInstanceUID);
        }
        Sequence series = ds.getSequence(Tag.PerformedSeriesSequence);
        for (Attributes s : series == null ? List.<Attributes>of() : series) {
            checkUid(s, Tag.SeriesInstanceUID);
            for (int seq : SERIES_REFERENCES) {
                Sequence refs = s.getSequence(seq);
                for (Attributes r : refs == null ? List.<Attributes>of() : refs) {
                    checkUid(r, Tag.ReferencedSOPClassUID);
                    checkUid(r, Tag.ReferencedSOPInstanceUID);
                }
            }
        }
    }

    private static void checkUid(Attributes item, int tag) throws MppsRefusal {
        String raw = item.getRawString(tag);
        if (raw != null && !raw.isEmpty() && !Uids.isValid(raw)) {
            throw new MppsRefusal(Status.INVALID_ATTRIBUTE_VALUE, "invalid " + Dictionary.keywordOf(tag) + " (PS3.5 9.1)", -1,
                    tag);
        }
    }

    /** Checks an N-CREATE data set; {@code exists}: an MPPS with that SOP Instance UID is stored already. */
    public static void checkCreate(Attributes ds, boolean exists) throws MppsRefusal {
        if (exists) {
            throw new MppsRefusal(Status.DUPLICATE_SOP_INSTANCE, "MPPS instance exists already", -1);
        }
        List<Integer> missing = new ArrayList<>();
        for (int tag : CREATE_TYPE1) {
            if (tag == Tag.ScheduledStepAttributesSequence ? !hasItems(ds, tag) : ds.getString(tag) == null) {
                missing.add(tag);
            }
        }
        Sequence ssa = ds.getSequence(Tag.ScheduledStepAttributesSequence);
        if (ssa != null) {
            for (Attributes item : ssa) {
                if (item.getString(Tag.StudyInstanceUID) == null && !missing.contains(Tag.StudyInstanceUID)) {
                    missing.add(Tag.StudyInstanceUID);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MppsRefusal(Status.MISSING_ATTRIBUTE, "missing " + names(missing), -1,
                    missing.stream().mapToInt(Integer::intValue).toArray());
        }
        String status = ds.getString(Tag.PerformedProcedureStepStatus);
        if (!IN_PROGRESS.equals(status)) {
            throw new MppsRefusal(Status.INVALID_ATTRIBUTE_VALUE, "N-CREATE status must be IN PROGRESS, is " + status, -1,
                    Tag.PerformedProcedureStepStatus);
        }
    }

    /**
     * Checks an N-SET modification list against the stored instance (null when unknown); returns the status the
     * instance has after it.
     */
    public static String checkSet(Attributes stored, Attributes mods) throws MppsRefusal {
        if (stored == null) {
            throw new MppsRefusal(Status.NO_SUCH_OBJECT_INSTANCE, "no such MPPS instance", -1);
        }
        String current = stored.getString(Tag.PerformedProcedureStepStatus, IN_PROGRESS);
        if (!IN_PROGRESS.equals(current)) {
            throw new MppsRefusal(Status.PROCESSING_FAILURE, "MPPS is " + current + ": may no longer be updated",
                    NO_LONGER_UPDATABLE);
        }
        String next = mods.contains(Tag.PerformedProcedureStepStatus) ? mods.getString(Tag.PerformedProcedureStepStatus) : current;
        if (next == null || !(next.equals(IN_PROGRESS) || next.equals(COMPLETED) || next.equals(DISCONTINUED))) {
            throw new MppsRefusal(Status.INVALID_ATTRIBUTE_VALUE, "status must be IN PROGRESS, COMPLETED or DISCONTINUED", -1,
                    Tag.PerformedProcedureStepStatus);
        }
        if (!next.equals(IN_PROGRESS)) {
            Attributes after = merge(stored, mods, new ArrayList<>());
            List<Integer> missing = new ArrayList<>();
            for (int tag : new int[] {Tag.PerformedProcedureStepEndDate, Tag.PerformedProcedureStepEndTime}) {
                if (after.getString(tag) == null) {
                    missing.add(tag);
                }
            }
            Sequence series = after.getSequence(Tag.PerformedSeriesSequence);
            if (series != null) {
                for (Attributes s : series) {
                    if (s.getString(Tag.SeriesInstanceUID) == null && !missing.contains(Tag.SeriesInstanceUID)) {
                        missing.add(Tag.SeriesInstanceUID);
                    }
                }
            }
            if (!missing.isEmpty()) {
                throw new MppsRefusal(Status.MISSING_ATTRIBUTE, next + " needs " + names(missing), -1,
                        missing.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return next;
    }

    /**
     * The instance after an N-SET: each attribute of the modification list replaces the stored one (PS3.7
     * 10.1.3: a zero-length value clears it), except the "Not allowed" ones, whose names go to {@code ignored}.
     */
    public static Attributes merge(Attributes stored, Attributes mods, List<String> ignored) {
        Attributes out = stored.copy();
        for (Attributes.Element e : mods) {
            if (isNotAllowed(e.tag())) {
                ignored.add(Dictionary.keywordOf(e.tag()));
                continue;
            }
            Attributes one = new Attributes();
            one.setValue(e.tag(), e.vr(), e.value());
            out.addAll(one);
        }
        return out;
    }

    private static boolean isNotAllowed(int tag) {
        for (int t : SET_NOT_ALLOWED) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasItems(Attributes ds, int tag) {
        Sequence s = ds.getSequence(tag);
        return s != null && !s.isEmpty();
    }

    private static String names(List<Integer> tags) {
        StringBuilder sb = new StringBuilder();
        for (int t : tags) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Dictionary.keywordOf(t));
        }
        return sb.toString();
    }
}
