package org.radbridge.dicom.net;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;

/**
 * A DIMSE response received by an SCU: its command set and data set (or null).
 */
public record DimseResponse(Attributes command, Attributes data) {

    public int status() {
        return Dimse.status(command);
    }

    public boolean isPending() {
        return Status.isPending(status());
    }

    public boolean isSuccess() {
        return status() == Status.SUCCESS;
    }

    /** Error Comment (0000,0902), or null. */
    public String errorComment() {
        return command.getString(Tag.ErrorComment);
    }

    /** Affected SOP Instance UID (e.g. assigned by an N-CREATE SCP), or null. */
    public String affectedSopInstanceUid() {
        return command.getString(Tag.AffectedSOPInstanceUID);
    }
}
