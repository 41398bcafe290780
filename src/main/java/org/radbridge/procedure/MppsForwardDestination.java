package org.radbridge.procedure;

import java.io.IOException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomReader;
import org.radbridge.dicom.net.AAssociateRJ;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.AssociationException;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.Status;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;

/**
 * An MPPS forward destination (PPS Manager, IHE RAD-6/7 to the image manager / RIS): each outbox entry is one
 * N-CREATE or N-SET (PS3.7 10.1.5 / 10.1.3) sent over its own association as the SCU, with the modality's SOP
 * Instance UID and data set. Outcomes: Success or a warning -> delivered; 0111 to an N-CREATE -> delivered (the
 * receiver has it from an earlier attempt: at-least-once); no connection, transient rejection, abort, timeout,
 * 0110 / 0213 / Axxx / Cxxx -> retry; permanent rejection and other failures -> dead letter.
 */
public final class MppsForwardDestination implements Destination {

    private final MppsForwarding.Target target;
    private final SSLContext tls;

    public MppsForwardDestination(MppsForwarding.Target target, SSLContext tls) {
        this.target = target;
        this.tls = tls;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        boolean create = MppsForwarding.KIND_CREATE.equals(e.kind());
        Attributes ds;
        try {
            ds = DicomReader.read(e.payload(), MppsForwarding.TS);
        } catch (DicomFormatException ex) {
            return DeliveryResult.dead("stored data set cannot be read: " + ex.getMessage());
        }
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(target.callingAe());
        rq.setCalledAE(target.aeTitle());
        rq.addPresentationContext(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        DicomClient client = new DicomClient();
        if (target.tls()) {
            if (tls == null) {
                return DeliveryResult.pause("tls: true but radbridge.tls.* is not configured");
            }
            client.tls(tls.getSocketFactory());
        }
        DimseResponse rsp;
        try (Association as = client.connect(target.host(), target.port(), rq)) {
            rsp = create ? as.nCreate(UID.ModalityPerformedProcedureStep, e.controlId(), ds)
                    : as.nSet(UID.ModalityPerformedProcedureStep, e.controlId(), ds);
        } catch (AssociationException ex) {
            AAssociateRJ rj = ex.reject();
            if (rj != null && rj.result() == AAssociateRJ.RESULT_PERMANENT) {
                return DeliveryResult.dead("association rejected permanently: " + rj);
            }
            return DeliveryResult.retry(ex.getMessage());
        } catch (SocketTimeoutException ex) {
            return DeliveryResult.retry("timeout: " + ex.getMessage());
        } catch (IOException ex) {
            return DeliveryResult.retry("cannot forward to " + target.host() + ":" + target.port() + ": " + ex);
        }
        return outcome(create, rsp.status(), rsp.errorComment());
    }

    /** The outcome of a response status (PS3.7 C, PS3.4 F.7.2). */
    static DeliveryResult outcome(boolean create, int status, String comment) {
        String detail = Status.toString(status) + (comment == null ? "" : ": " + comment);
        if (status == Status.SUCCESS || Status.isWarning(status)) {
            return DeliveryResult.delivered(detail);
        }
        if (create && status == Status.DUPLICATE_SOP_INSTANCE) {
            return DeliveryResult.delivered(detail + " (the receiver has it already)");
        }
        if (status == Status.PROCESSING_FAILURE || status == Status.RESOURCE_LIMITATION || (status & 0xF000) == 0xA000
                || (status & 0xF000) == 0xC000) {
            return DeliveryResult.retry(detail);
        }
        return DeliveryResult.dead(detail);
    }
}
