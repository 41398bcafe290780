package org.radbridge.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptor side of association establishment (PS3.8 7.1, state machine Sta2-Sta3): waits (ARTIM, enforced
 * for the whole request by {@link AssociationAdmission}) for the A-ASSOCIATE-RQ, checks protocol version,
 * application context, called and calling AE title (neither all spaces, PS3.8 Table 9-11) and the
 * {@link AssociationPolicy}, then takes an association slot (else transient local-limit-exceeded), negotiates
 * presentation contexts and answers A-ASSOCIATE-AC or -RJ.
 * Anything but an A-ASSOCIATE-RQ is answered with A-ABORT (service-provider; unrecognized or
 * unexpected PDU).
 */
final class AssociationAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationAcceptor.class);

    /**
     * Largest A-ASSOCIATE-RQ read (PS3.8 9.3.2 sets no limit; 128 presentation contexts with ten transfer syntaxes
     * each take about 100 KB): a longer announced length is answered with A-ABORT before anything is allocated.
     */
    static final int MAX_ASSOCIATE_RQ_LENGTH = 1 << 20;

    private AssociationAcceptor() {
    }

    /** Runs one connection to its end (called on the connection's thread). */
    static void serve(Association as, DicomServer.Config cfg, AssociationAdmission admission) {
        Socket s = as.socket();
        AssociationSettings settings = cfg.settings();
        try {
            // the whole-request ARTIM is AssociationAdmission's timer; the read timeout is only a backstop behind it
            s.setSoTimeout(settings.artimTimeout() > 0 ? settings.artimTimeout() + 1000 : 0);
            if (s instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    if (cfg.tlsFailureListener() != null && as.state != Association.State.CLOSED) {
                        cfg.tlsFailureListener().accept((java.net.InetSocketAddress) s.getRemoteSocketAddress(), e);
                    }
                    throw e;
                }
            }
            Pdu.Raw pdu = Pdu.read(as.in(), MAX_ASSOCIATE_RQ_LENGTH);
            admission.requestReceived(as);
            if (pdu.type() == Pdu.A_ABORT) {
                as.close("aborted by peer before association");
                return;
            }
            if (pdu.type() != Pdu.A_ASSOCIATE_RQ) {
                throw new PduException(AAbort.UNEXPECTED_PDU, Pdu.name(pdu.type()) + " instead of A-ASSOCIATE-RQ");
            }
            AAssociateRQ rq = (AAssociateRQ) Pdu.decodeAssociate(pdu.type(), pdu.body());
            AAssociateRJ rj = check(as, rq, cfg);
            if (rj == null && !admission.establish(as)) {
                rj = AAssociateRJ.localLimitExceeded();
            }
            if (rj != null) {
                LOG.info("{} rejected association {} -> {} from {}: {}", cfg.name(), printable(rq.callingAE()),
                        printable(rq.calledAE()),
                        s.getInetAddress().getHostAddress(), rj);
                as.writePdu(Pdu.encode(rj));
                awaitPeerClose(s, as.in(), settings.artimTimeout());
                as.close("rejected");
                return;
            }
            AAssociateAC ac = negotiate(rq, cfg);
            as.writePdu(Pdu.encode(ac));
            as.established(rq, ac, cfg.handler());
            LOG.info("{} accepted association {} -> {} from {} ({} of {} presentation contexts, max PDU {})", cfg.name(),
                    rq.callingAE(), rq.calledAE(), s.getInetAddress().getHostAddress(),
                    ac.presentationContexts().stream().filter(PresentationContext::isAccepted).count(),
                    rq.presentationContexts().size(), rq.maxPduLength());
            as.readLoop();
        } catch (PduException e) {
            LOG.warn("{}: protocol error from {}: {}; sending {}", cfg.name(), s.getInetAddress().getHostAddress(),
                    e.getMessage(), e.abort());
            as.abort(e.abort(), "protocol error");
        } catch (SocketTimeoutException e) {
            if (as.state != Association.State.CLOSED) {
                LOG.info("{}: no A-ASSOCIATE-RQ from {} within ARTIM, closing", cfg.name(), s.getInetAddress().getHostAddress());
                as.close("ARTIM timeout");
            }
        } catch (EOFException e) {
            as.close("closed by peer");
        } catch (IOException e) {
            if (as.state != Association.State.CLOSED) { // else closed by AssociationAdmission (ARTIM, limit), logged there
                LOG.info("{}: connection from {} failed: {}", cfg.name(), s.getInetAddress().getHostAddress(), e.toString());
                as.close("connection error");
            }
        } catch (RuntimeException e) {
            LOG.error("{}: internal error", cfg.name(), e);
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED), "internal error");
        }
    }

    private static AAssociateRJ check(Association as, AAssociateRQ rq, DicomServer.Config cfg) {
        if ((rq.protocolVersion() & 1) == 0) {
            return new AAssociateRJ(AAssociateRJ.RESULT_PERMANENT, AAssociateRJ.SOURCE_SERVICE_PROVIDER_ACSE,
                    AAssociateRJ.REASON_PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!UID.DICOMApplicationContext.equals(rq.applicationContext())) {
            return new AAssociateRJ(AAssociateRJ.RESULT_PERMANENT, AAssociateRJ.SOURCE_SERVICE_USER,
                    AAssociateRJ.REASON_APP_CTX_NAME_NOT_SUPPORTED);
        }
        Set<String> aets = cfg.aeTitles();
        if (!isValidAeTitle(rq.calledAE()) || !aets.isEmpty() && !aets.contains(rq.calledAE())) {
            return AAssociateRJ.calledAeNotRecognized();
        }
        if (!isValidAeTitle(rq.callingAE())) {
            // PS3.8 Table 9-11: 16 spaces ("no application name") shall not be used; PS3.5 AE: no control
            // characters, no backslash. Refused whatever the policy (also with known-peer enforcement off).
            return AAssociateRJ.callingAeNotRecognized();
        }
        return cfg.policy().check(new AssociationPolicy.Request(rq.callingAE(), rq.calledAE(), as.remoteAddress(),
                as.tlsPeer(), rq));
    }

    /**
     * An AE title as PS3.8 Table 9-11 and PS3.5 6.2 (VR AE) allow it, leading and trailing spaces already
     * removed: not empty (all spaces), at most 16 characters of ISO 646 G0 without backslash.
     */
    static boolean isValidAeTitle(String ae) {
        if (ae == null || ae.isEmpty() || ae.length() > 16) {
            return false;
        }
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** An AE title for a log line: characters other than printable ASCII as '?'. */
    static String printable(String ae) {
        if (ae == null || ae.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(ae.length());
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    /** Presentation context negotiation (PS3.8 9.3.3.2): first proposed transfer syntax we support. */
    static AAssociateAC negotiate(AAssociateRQ rq, DicomServer.Config cfg) {
        AAssociateAC ac = new AAssociateAC();
        ac.setCalledAE(rq.calledAE());
        ac.setCallingAE(rq.callingAE());
        ac.setMaxPduLength(cfg.settings().maxPduLengthReceive());
        ac.setImplementationClassUid(cfg.settings().implementationClassUid());
        ac.setImplementationVersionName(cfg.settings().implementationVersionName());
        Set<String> sopClasses = cfg.handler().sopClasses();
        List<TransferSyntax> supported = cfg.transferSyntaxes();
        for (PresentationContext pc : rq.presentationContexts()) {
            String first = pc.transferSyntaxes().get(0);
            if (!sopClasses.contains(pc.abstractSyntax())) {
                ac.addPresentationContext(new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(first),
                        PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED));
                continue;
            }
            String chosen = null;
            for (String ts : pc.transferSyntaxes()) {
                TransferSyntax t = TransferSyntax.forUid(ts);
                if (t != null && supported.contains(t)) {
                    chosen = ts;
                    break;
                }
            }
            ac.addPresentationContext(new PresentationContext(pc.id(), pc.abstractSyntax(),
                    new ArrayList<>(List.of(chosen != null ? chosen : first)),
                    chosen != null ? PresentationContext.ACCEPTANCE : PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED));
        }
        return ac;
    }

    /**
     * After sending A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT: half-close and discard input until the peer
     * closes or ARTIM expires (PS3.8 9.2, Sta13), so the last PDU is not lost to a TCP reset.
     */
    static void awaitPeerClose(Socket s, InputStream in, int artim) {
        try {
            if (!(s instanceof SSLSocket)) {
                s.shutdownOutput();
            }
            long deadline = System.currentTimeMillis() + (artim > 0 ? artim : 10_000);
            byte[] sink = new byte[4096];
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                s.setSoTimeout((int) Math.max(1, left));
                if (in.read(sink) < 0) {
                    return;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // timeout or reset: close anyway
        }
    }
}
