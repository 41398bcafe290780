package org.radbridge.dicom.net;

import java.io.IOException;

/** The association was rejected, aborted or timed out; {@link #reject()} / {@link #abort()} tell which. */
public class AssociationException extends IOException {

    private static final long serialVersionUID = 1L;
    private final transient AAssociateRJ reject;
    private final transient AAbort abort;

    public AssociationException(String message, AAssociateRJ reject, AAbort abort) {
        super(message);
        this.reject = reject;
        this.abort = abort;
    }

    public AAssociateRJ reject() {
        return reject;
    }

    public AAbort abort() {
        return abort;
    }
}
