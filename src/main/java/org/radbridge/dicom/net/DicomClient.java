package org.radbridge.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requestor side of association establishment (PS3.8 7.1, Sta4-Sta5): connects (plain TCP or TLS),
 * sends the A-ASSOCIATE-RQ and waits (ARTIM) for the A-ASSOCIATE-AC or -RJ.
 *
 * <pre>{@code
 * AAssociateRQ rq = new AAssociateRQ();
 * rq.setCallingAE("RADBRIDGE"); rq.setCalledAE("PACS");
 * rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
 * try (Association as = new DicomClient().connect("127.0.0.1", 11112, rq)) {
 *     as.echo();
 * }   // close() releases
 * }</pre>
 */
public final class DicomClient {

    private static final Logger LOG = LoggerFactory.getLogger(DicomClient.class);

    private AssociationSettings settings = new AssociationSettings();
    private SSLSocketFactory sslSocketFactory;
    private String[] tlsProtocols = {"TLSv1.3", "TLSv1.2"};

    public DicomClient settings(AssociationSettings s) {
        this.settings = s;
        return this;
    }

    public AssociationSettings settings() {
        return settings;
    }

    /** Use TLS for the connections this client opens. */
    public DicomClient tls(SSLSocketFactory factory, String... protocols) {
        this.sslSocketFactory = factory;
        if (protocols.length > 0) {
            this.tlsProtocols = protocols.clone();
        }
        return this;
    }

    /**
     * Opens an association. Max PDU length and implementation identification of rq are taken from the
     * settings. Throws {@link AssociationException} with {@link AssociationException#reject()} if rejected.
     */
    public Association connect(String host, int port, AAssociateRQ rq) throws IOException, InterruptedException {
        rq.setMaxPduLength(settings.maxPduLengthReceive());
        rq.setImplementationClassUid(settings.implementationClassUid());
        rq.setImplementationVersionName(settings.implementationVersionName());
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), settings.connectTimeout());
            if (sslSocketFactory != null) {
                SSLSocket ssl = (SSLSocket) sslSocketFactory.createSocket(s, host, port, true);
                ssl.setEnabledProtocols(tlsProtocols);
                ssl.setUseClientMode(true);
                s = ssl;
            }
            Association as = new Association(s, settings, true);
            s.setSoTimeout(settings.artimTimeout());
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            as.writePdu(Pdu.encode(rq));
            Pdu.Raw pdu;
            try {
                pdu = Pdu.read(as.in(), 1 << 20);
            } catch (SocketTimeoutException e) {
                as.abort();
                throw new AssociationException("no A-ASSOCIATE-AC within ARTIM " + settings.artimTimeout() + " ms", null, null);
            } catch (PduException e) {
                as.abort(e.abort(), "protocol error");
                throw e;
            }
            switch (pdu.type()) {
                case Pdu.A_ASSOCIATE_AC -> {
                    AAssociateAC ac = (AAssociateAC) Pdu.decodeAssociate(pdu.type(), pdu.body());
                    fillAbstractSyntaxes(rq, ac);
                    as.established(rq, ac, null);
                    LOG.debug("{}: association accepted by {}:{} ({})", as, host, port, ac);
                    as.startReader();
                    return as;
                }
                case Pdu.A_ASSOCIATE_RJ -> {
                    AAssociateRJ rj = Pdu.decodeReject(pdu.body());
                    as.close("rejected");
                    throw new AssociationException("association rejected: " + rj, rj, null);
                }
                case Pdu.A_ABORT -> {
                    AAbort a = Pdu.decodeAbort(pdu.body());
                    as.close("aborted");
                    throw new AssociationException("association aborted: " + a, null, a);
                }
                default -> {
                    as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU), "unexpected PDU");
                    throw new AssociationException("unexpected " + Pdu.name(pdu.type()), null, null);
                }
            }
        } catch (EOFException e) {
            s.close();
            throw new AssociationException("connection closed during association negotiation", null, null);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The AC carries only IDs; copy abstract syntaxes from the request (PS3.8 9.3.3.2). */
    private static void fillAbstractSyntaxes(AAssociateRQ rq, AAssociateAC ac) {
        List<PresentationContext> filled = new ArrayList<>();
        for (PresentationContext pc : ac.presentationContexts()) {
            PresentationContext proposed = rq.presentationContext(pc.id());
            filled.add(new PresentationContext(pc.id(), proposed == null ? null : proposed.abstractSyntax(),
                    pc.transferSyntaxes(), pc.result()));
        }
        ac.presentationContexts().clear();
        ac.presentationContexts().addAll(filled);
    }
}
