package org.radbridge.app;

import java.io.IOException;
import java.util.Set;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.DimseRequestHandler;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.mapping.DicomPeer;
import org.radbridge.mapping.DicomPeers;

/**
 * The DICOM listener's request handler: the shared {@link DicomServiceRegistry} (Verification, MWL, and
 * what other modules register: MPPS, IAN), with each known AE limited to its services of
 * mappings/peers/dicom-aes.yaml; another request is answered 0124 (Refused: Not Authorized, PS3.7 C.5.x)
 * and audited.
 */
final class DicomServiceFilter implements DimseRequestHandler {

    private final DicomServiceRegistry registry;
    private final DicomPeers peers;
    private final AuditTrail audit;

    DicomServiceFilter(DicomServiceRegistry registry, DicomPeers peers, AuditTrail audit) {
        this.registry = registry;
        this.peers = peers;
        this.audit = audit;
    }

    @Override
    public Set<String> sopClasses() {
        return registry.sopClasses();
    }

    @Override
    public void onDimseRequest(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        DicomPeer p = peers.match(as.callingAE());
        String cuid = Dimse.sopClassUid(cmd);
        if (p.known() && cuid != null && !p.allows(cuid)) {
            audit.record(AuditEvents.securityAlert(AuditEvents.SERVICE_REFUSED, as.callingAE(),
                    as.remoteAddress() == null ? null : as.remoteAddress().getAddress().getHostAddress(), "dicom-service",
                    DicomPeer.serviceOf(cuid), true, "service not allowed for this AE", AuditEvents.fields("status", "0124")));
            as.writeDimse(pc, new DicomServiceException(Status.NOT_AUTHORIZED,
                    "service " + DicomPeer.serviceOf(cuid) + " is not allowed for " + as.callingAE()).toResponse(cmd), null);
            return;
        }
        registry.onDimseRequest(as, pc, cmd, data);
    }

    @Override
    public void onClose(Association as) {
        registry.onClose(as);
    }
}
