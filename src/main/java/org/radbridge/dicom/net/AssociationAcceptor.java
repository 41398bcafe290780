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
 * The acceptor side of association establishment (PS3.8 7.1, state machine Sta2-Sta3): waits (ARTIM)
 * for the A-ASSOCIATE-RQ, checks protocol version, application context, called AE title and the
 * {@link AssociationPolicy}, negotiates presentation contexts and answers A-ASSOCIATE-AC or -RJ.
 * Anything but an A-ASSOCIATE-RQ is answered with A-ABORT (service-provider; unrecognized or
 * unexpected PDU).
 */
final class AssociationAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationAcceptor.class);

    private AssociationAcceptor() {
    }

    /** Runs one connection to its end (called on the connection's thread). */
    static void serve(Association as, DicomServer.Config cfg, AAssociateRJ overload) {
        Socket s = as.socket();
        AssociationSettings settings = cfg.settings();
        try {
            s.setSoTimeout(settings.artimTimeout());
            if (s instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    if (cfg.tlsFailureListener() != null) {
                        cfg.tlsFailureListener().accept((java.net.InetSocketAddress) s.getRemoteSocketAddress(), e);
                    }
                    throw e;
                }
            }
            Pdu.Raw pdu = Pdu.read(as.in(), 1 << 20);
            if (pdu.type() == Pdu.A_ABORT) {
                as.close("aborted by peer before association");
                return;
            }
            if (pdu.type() != Pdu.A_ASSOCIATE_RQ) {
                throw new PduException(AAbort.UNEXPECTED_PDU, Pdu.name(pdu.type()) + " instead of A-ASSOCIATE-RQ");
            }
            AAssociateRQ rq = (AAssociateRQ) Pdu.decodeAssociate(pdu.type(), pdu.body());
            AAssociateRJ rj = overload != null ? overload : check(as, rq, cfg);
            if (rj != null) {
                LOG.info("{} rejected association {} -> {} from {}: {}", cfg.name(), rq.callingAE(), rq.calledAE(),
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
            LOG.info("{}: no A-ASSOCIATE-RQ from {} within ARTIM, closing", cfg.name(), s.getInetAddress().getHostAddress());
            as.close("ARTIM timeout");
        } catch (EOFException e) {
            as.close("closed by peer");
        } catch (IOException e) {
            LOG.info("{}: connection from {} failed: {}", cfg.name(), s.getInetAddress().getHostAddress(), e.toString());
            as.close("connection error");
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
        if (!aets.isEmpty() && !aets.contains(rq.calledAE())) {
            return AAssociateRJ.calledAeNotRecognized();
        }
        return cfg.policy().check(new AssociationPolicy.Request(rq.callingAE(), rq.calledAE(), as.remoteAddress(),
                as.tlsPeer(), rq));
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
