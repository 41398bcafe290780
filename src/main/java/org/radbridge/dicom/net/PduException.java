package org.radbridge.dicom.net;

import java.io.IOException;

/** A received PDU violates PS3.8 Section 9; carries the A-ABORT to answer with. */
public class PduException extends IOException {

    private static final long serialVersionUID = 1L;
    private final transient AAbort abort;

    public PduException(int reason, String message) {
        super(message);
        this.abort = new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, reason);
    }

    public AAbort abort() {
        return abort;
    }
}
