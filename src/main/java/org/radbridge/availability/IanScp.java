package org.radbridge.availability;

import java.util.function.Function;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.NServiceScp;

/**
 * Instance Availability Notification SCP (PS3.4 Annex R, SOP Class 1.2.840.10008.5.1.4.33; IHE RAD-49): N-CREATE
 * only. A usable notification goes through routes/study-available.camel.yaml and is answered 0000 once its effects
 * are committed; one without Study Instance UID or series is answered 0120 (Missing Attribute) and one the engine
 * cannot process 0110 (Processing Failure), so the PACS sends it again.
 */
final class IanScp extends NServiceScp {

    private final Function<AvailabilityJob, AvailabilityJob> process;

    IanScp(Function<AvailabilityJob, AvailabilityJob> process) {
        super(UID.InstanceAvailabilityNotification);
        this.process = process;
    }

    @Override
    protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
        String problem = IanEvents.problem(data);
        if (!problem.isEmpty()) {
            throw new DicomServiceException(Status.MISSING_ATTRIBUTE, problem);
        }
        String address = as.remoteAddress() == null ? "" : as.remoteAddress().getAddress().getHostAddress();
        try {
            process.apply(new AvailabilityJob(IanEvents.read(data, as.callingAE(), address, iuid)));
        } catch (RuntimeException e) {
            throw new DicomServiceException(Status.PROCESSING_FAILURE, "not processed: " + e.getMessage(), e);
        }
        return null;
    }
}
