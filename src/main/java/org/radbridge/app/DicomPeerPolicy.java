package org.radbridge.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.net.AAssociateRJ;
import org.radbridge.dicom.net.AssociationPolicy;
import org.radbridge.mapping.DicomPeer;
import org.radbridge.mapping.DicomPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may associate with the DICOM listener (design.md §3, known peers): the calling AE must be in
 * mappings/peers/dicom-aes.yaml, connect from its host and present its TLS identity. With
 * radbridge.peers.enforce=true a failure is A-ASSOCIATE-RJ (permanent, service-user, calling AE title not
 * recognized, PS3.8 7.1.1.7) and audited; otherwise the association is accepted with a warning (logged
 * once per AE, audited).
 */
final class DicomPeerPolicy implements AssociationPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DicomPeerPolicy.class);

    private final DicomPeers peers;
    private final boolean enforce;
    private final AuditTrail audit;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    DicomPeerPolicy(DicomPeers peers, boolean enforce, AuditTrail audit) {
        this.peers = peers;
        this.enforce = enforce;
        this.audit = audit;
    }

    @Override
    public AAssociateRJ check(Request r) {
        DicomPeer p = peers.match(r.callingAE());
        String addr = r.remoteAddress() == null ? "" : r.remoteAddress().getAddress().getHostAddress();
        String problem = null;
        if (!p.known()) {
            problem = "calling AE " + r.callingAE() + " is not a known peer (mappings/peers/dicom-aes.yaml)";
        } else if (!p.allowsHost(addr)) {
            problem = "calling AE " + r.callingAE() + " is not expected from " + addr;
        } else if (!p.tlsIdentity().isEmpty() && (r.tlsPeer() == null || !p.tlsIdentity().equals(r.tlsPeer().getName()))) {
            problem = "calling AE " + r.callingAE() + " did not present its TLS identity";
        }
        if (problem == null) {
            return null;
        }
        java.util.Map<String, Object> detail = AuditEvents.fields("calledAE", r.calledAE());
        if (enforce) {
            audit.record(AuditEvents.securityAlert(AuditEvents.UNKNOWN_PEER_REFUSED, r.callingAE(), addr, "dicom-association",
                    r.callingAE(), true, problem, detail));
            return AAssociateRJ.callingAeNotRecognized();
        }
        if (warned.add(r.callingAE() + "|" + problem)) {
            LOG.warn("accepting DICOM association from an unverified peer (radbridge.peers.enforce=false): {}", problem);
            audit.record(AuditEvents.securityAlert(AuditEvents.UNVERIFIED_PEER_ACCEPTED, r.callingAE(), addr, "dicom-association",
                    r.callingAE(), false, problem, detail));
        }
        return null;
    }

}
