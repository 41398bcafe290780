package org.radbridge.dicom.net.service;

import java.io.IOException;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Implementation;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;

/**
 * SCP plumbing for the normalized services (PS3.7 10.1): N-CREATE (10.1.5), N-SET (10.1.3) and
 * N-EVENT-REPORT (10.1.1). A subclass overrides {@link #create}, {@link #set} and/or
 * {@link #eventReport}, returning the response attributes (or null) or throwing
 * {@link DicomServiceException} with the status (e.g. 0111 Duplicate SOP Instance, 0112 No Such Object
 * Instance, A710 for an MPPS no longer updatable). Used next by MPPS (PS3.4 F.7) and IAN (PS3.4 R).
 */
public abstract class NServiceScp extends AbstractDicomService {

    protected NServiceScp(String... sopClasses) {
        super(sopClasses);
    }

    /**
     * N-CREATE: iuid is the Affected SOP Instance UID of the request, or a new UID assigned by this SCP
     * when the SCU left it out (PS3.7 10.1.5.1.2); it is returned in the response either way.
     */
    protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
        throw unrecognized();
    }

    /** N-SET of the Requested SOP Instance UID with the modification list data. */
    protected Attributes set(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
        throw unrecognized();
    }

    /** N-EVENT-REPORT of an event type on an instance. */
    protected Attributes eventReport(Association as, Attributes rq, String iuid, int eventTypeId, Attributes data)
            throws DicomServiceException {
        throw unrecognized();
    }

    @Override
    protected void onNCreate(Association as, PresentationContext pc, Attributes rq, Attributes data) throws IOException {
        String iuid = instanceUid(rq, Tag.AffectedSOPInstanceUID);
        if (iuid == null) {
            iuid = Implementation.createUID();
        }
        Attributes rspData = create(as, rq, iuid, data == null ? new Attributes() : data);
        Attributes rsp = Dimse.response(rq, Status.SUCCESS);
        rsp.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        as.writeDimse(pc, rsp, rspData);
    }

    @Override
    protected void onNSet(Association as, PresentationContext pc, Attributes rq, Attributes data) throws IOException {
        String iuid = instanceUid(rq, Tag.RequestedSOPInstanceUID);
        if (iuid == null) {
            throw new DicomServiceException(Status.INVALID_OBJECT_INSTANCE, "No Requested SOP Instance UID");
        }
        Attributes rspData = set(as, rq, iuid, data == null ? new Attributes() : data);
        as.writeDimse(pc, Dimse.response(rq, Status.SUCCESS), rspData);
    }

    @Override
    protected void onNEventReport(Association as, PresentationContext pc, Attributes rq, Attributes data) throws IOException {
        String iuid = instanceUid(rq, Tag.AffectedSOPInstanceUID);
        Attributes rspData = eventReport(as, rq, iuid, rq.getInt(Tag.EventTypeID, 0), data == null ? new Attributes() : data);
        as.writeDimse(pc, Dimse.response(rq, Status.SUCCESS), rspData);
    }

    /**
     * The SOP Instance UID of the command as sent (padding removed, but not split at a backslash nor trimmed of
     * leading spaces), so that a service validating it (PS3.5 9.1) sees exactly what the SCU sent; null if absent
     * or empty.
     */
    protected static String instanceUid(Attributes cmd, int tag) {
        String raw = cmd.getRawString(tag);
        return raw == null || raw.isEmpty() ? null : raw;
    }
}
