package org.radbridge.dicom.net;

import java.io.IOException;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/**
 * A DIMSE service failed with a status (PS3.7 Annex C): turned into a response with that Status and,
 * if given, Error Comment (0000,0902), Error ID (0000,0903) and Offending Element (0000,0901).
 */
public class DicomServiceException extends IOException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private int errorId = -1;
    private int[] offendingElements;

    public DicomServiceException(int status, String errorComment) {
        super(errorComment);
        this.status = status;
    }

    public DicomServiceException(int status, String errorComment, Throwable cause) {
        super(errorComment, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public DicomServiceException errorId(int id) {
        this.errorId = id;
        return this;
    }

    public DicomServiceException offendingElements(int... tags) {
        this.offendingElements = tags.clone();
        return this;
    }

    /** The response command for the request rq. */
    public Attributes toResponse(Attributes rq) {
        Attributes rsp = Dimse.response(rq, status);
        String comment = getMessage();
        if (comment != null && !comment.isEmpty()) {
            // Error Comment is LO: at most 64 characters
            rsp.setString(Tag.ErrorComment, VR.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        }
        if (errorId >= 0) {
            rsp.setInt(Tag.ErrorID, VR.US, errorId);
        }
        if (offendingElements != null) {
            rsp.setInt(Tag.OffendingElement, VR.AT, offendingElements);
        }
        return rsp;
    }
}
