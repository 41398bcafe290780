package org.radbridge.procedure;

import java.util.function.UnaryOperator;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.Uids;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.NServiceScp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Modality Performed Procedure Step SCP (PS3.4 F.7, SOP Class 1.2.840.10008.3.1.2.3.3) of the PPS Manager
 * (IHE RAD-6 / RAD-7): each N-CREATE and N-SET becomes an {@link MppsEvent} that route procedure-status decides
 * (validate, match, transition, notify the EMR, publish FHIR, forward, record); the modality gets the DIMSE status
 * the route decided: Success, or the failure of {@link MppsRules}. When the route itself fails, 0110 (Processing
 * Failure) — nothing was stored, the modality may send again.
 */
public final class MppsScp extends NServiceScp {

    private static final Logger LOG = LoggerFactory.getLogger(MppsScp.class);

    private final UnaryOperator<MppsEvent> route;

    /** {@code route}: runs the event through route procedure-status and returns it decided. */
    public MppsScp(UnaryOperator<MppsEvent> route) {
        super(UID.ModalityPerformedProcedureStep);
        this.route = route;
    }

    @Override
    protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
        return run(new MppsEvent(MppsEvent.Op.CREATE, bounded(iuid), as.callingAE(), address(as), data, System.currentTimeMillis()));
    }

    @Override
    protected Attributes set(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
        return run(new MppsEvent(MppsEvent.Op.SET, bounded(iuid), as.callingAE(), address(as), data, System.currentTimeMillis()));
    }

    /**
     * A valid UID as sent; an invalid one (refused 0117 by {@link MppsRules#checkInstanceUid}) cut to 64 printable
     * characters plus "...", so that a megabyte "UID" does not become a megabyte journal control id. Still invalid.
     */
    private static String bounded(String iuid) {
        return iuid == null || Uids.isValid(iuid) ? iuid : Uids.forLog(iuid);
    }

    private Attributes run(MppsEvent e) throws DicomServiceException {
        MppsEvent done;
        try {
            done = route.apply(e);
        } catch (RuntimeException ex) {
            LOG.error("{}: procedure-status failed", e, ex);
            throw new DicomServiceException(Status.PROCESSING_FAILURE, "processing failure, nothing stored: send again");
        }
        if (done == null) {
            throw new DicomServiceException(Status.PROCESSING_FAILURE, "processing failure, nothing stored: send again");
        }
        if (done.refused()) {
            LOG.info("{}: refused {} (journal {})", e, String.format("%04X", done.dimseStatus()), done.journalId());
            throw done.refusal().toDimse();
        }
        LOG.info("{}: {} {} step(s), case {} (journal {})", e, done.status(), done.links().size(), done.overallCase().label(),
                done.journalId());
        return null;
    }

    private static String address(Association as) {
        return as.remoteAddress() == null ? null : as.remoteAddress().getAddress().getHostAddress();
    }
}
