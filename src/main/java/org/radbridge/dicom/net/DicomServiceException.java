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
        String comment = errorComment(getMessage());
        if (comment != null) {
            rsp.setString(Tag.ErrorComment, VR.LO, comment);
        }
        if (errorId >= 0) {
            rsp.setInt(Tag.ErrorID, VR.US, errorId);
        }
        if (offendingElements != null) {
            rsp.setInt(Tag.OffendingElement, VR.AT, offendingElements);
        }
        return rsp;
    }

    /** Maximum length of Error Comment (0000,0902), VR LO (PS3.5 6.2). */
    public static final int ERROR_COMMENT_MAX = 64;

    /**
     * An Error Comment value conforming to LO in the default repertoire (the command set has no Specific Character
     * Set, PS3.7 6.3.1): characters other than printable ASCII, and the backslash, become '?'; a text longer than 64
     * characters is cut to 61 and ends with "..." (write comments that fit: the advice must not be cut). Null or
     * empty gives null.
     */
    public static String errorComment(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean cut = text.length() > ERROR_COMMENT_MAX;
        int n = cut ? ERROR_COMMENT_MAX - 3 : text.length();
        StringBuilder sb = new StringBuilder(ERROR_COMMENT_MAX);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F && c != '\\' ? c : '?');
        }
        return cut ? sb.append("...").toString() : sb.toString();
    }
}
