package org.radbridge.dicom.net;

import java.io.IOException;

/** Receives the responses to one request sent by {@link Association#invoke}. Called on the reader thread. */
public interface DimseResponseHandler {

    /** One response; pending responses (C-FIND FF00/FF01) are followed by more, a final one ends the request. */
    void onResponse(DimseResponse response);

    /** The association ended (or timed out) before the final response. */
    void onFailure(IOException cause);
}
