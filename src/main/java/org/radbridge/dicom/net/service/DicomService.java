package org.radbridge.dicom.net.service;

import java.io.IOException;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.PresentationContext;

/**
 * A DIMSE service provider for one or more SOP classes (PS3.4 service classes), registered in a
 * {@link DicomServiceRegistry} by SOP Class UID.
 */
public interface DicomService {

    /** SOP Class UIDs served (the registry accepts presentation contexts for these). */
    Set<String> sopClasses();

    /**
     * Handles one request and writes its response(s) with {@link Association#writeDimse}. A thrown
     * {@link org.radbridge.dicom.net.DicomServiceException} is answered by the registry with its status.
     */
    void onDimseRequest(Association as, PresentationContext pc, Attributes command, Attributes data) throws IOException;
}
