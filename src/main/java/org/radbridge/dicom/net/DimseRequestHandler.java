package org.radbridge.dicom.net;

import java.io.IOException;
import java.util.Set;
import org.radbridge.dicom.Attributes;

/**
 * Receives DIMSE requests of an association (the acceptor's service registry implements it).
 * Called one request at a time, in arrival order (asynchronous operations are not negotiated, PS3.7 D.3.3.3):
 * C-FIND, C-GET and C-MOVE on the association's worker, so that a C-CANCEL-RQ is delivered meanwhile to the
 * handler registered with {@link Association#onCancel}; other requests on the association's reader thread itself
 * when nothing else is in progress. A handler therefore must not wait for a response on its own association.
 */
public interface DimseRequestHandler {

    /** Abstract syntaxes (SOP Class UIDs) for which presentation contexts are accepted. */
    Set<String> sopClasses();

    /**
     * Handles one request and sends its response(s) through {@link Association#writeDimse}.
     *
     * @param data the data set, decoded in the presentation context's transfer syntax, or null
     */
    void onDimseRequest(Association as, PresentationContext pc, Attributes command, Attributes data) throws IOException;

    /** The association closed (released, aborted or failed). */
    default void onClose(Association as) {
    }
}
