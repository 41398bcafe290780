package org.radbridge.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomReader;
import org.slf4j.Logger;

/**
 * The receiving side of an established association (PS3.8 state Sta6 and the release states Sta7-Sta8):
 * reads PDUs with the idle timeout (ARTIM while releasing), reassembles P-DATA into DIMSE messages and
 * routes them: responses to the waiting {@link DimseResponseHandler}, C-CANCEL-RQ to the registered
 * cancel action, requests to the {@link DimseRequestHandler}: C-FIND (C-GET, C-MOVE) on the association's worker,
 * others on this thread when nothing else is in progress (else queued behind it on the worker).
 * Protocol violations end in A-ABORT (service-provider) with the reason of the {@link PduException}.
 */
final class AssociationReader {

    private static final Logger LOG = Association.LOG;

    private final Association as;

    AssociationReader(Association as) {
        this.as = as;
    }

    void run() {
        try {
            while (as.state != Association.State.CLOSED) {
                boolean releasing = as.state == Association.State.RELEASE_REQUESTED || as.state == Association.State.RELEASING;
                as.socket.setSoTimeout(releasing ? as.settings.artimTimeout() : as.settings.idleTimeout());
                Pdu.Raw pdu;
                try {
                    pdu = Pdu.read(as.in, Math.max(as.settings.maxPduLengthReceive(), 4 << 20), this::reserve);
                } catch (SocketTimeoutException e) {
                    if (as.state == Association.State.ESTABLISHED && (as.busy.get() > 0 || !as.pending.isEmpty())) {
                        continue;
                    }
                    if (as.state == Association.State.RELEASING) {
                        as.close("released (peer did not close within ARTIM)");
                        return;
                    }
                    LOG.info("{}: {} timeout, aborting", as, as.state == Association.State.ESTABLISHED ? "idle" : "ARTIM");
                    as.abort(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED), "timeout");
                    return;
                }
                onPdu(pdu);
            }
        } catch (DimseLimitException e) {
            as.settings.bufferBudget().refused(e.reason(), as, e.getMessage());
            as.abort(e.abort(), "memory limit");
        } catch (PduException e) {
            LOG.warn("{}: protocol error: {}; sending {}", as, e.getMessage(), e.abort());
            as.abort(e.abort(), "protocol error");
        } catch (EOFException e) {
            if (as.state == Association.State.RELEASING || as.state == Association.State.CLOSED) {
                as.close("released");
            } else {
                LOG.info("{}: connection closed by peer without release", as);
                as.close("connection closed by peer");
            }
        } catch (IOException e) {
            if (as.state != Association.State.CLOSED) {
                LOG.info("{}: connection error: {}", as, e.toString());
            }
            as.close("connection error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: internal error, aborting", as, e);
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED), "internal error");
        } finally {
            as.buffers.close(); // every way out (abort, release, peer close, timeout, error) gives the bytes back
            as.assembler.clear();
        }
    }

    /** Reserves received PDU bytes in the association's share of the budget (before they are read). */
    private void reserve(int n) throws IOException {
        if (!as.buffers.reserve(n)) {
            if (as.state == Association.State.CLOSED) {
                throw new java.net.SocketException("association closed");
            }
            DimseBufferBudget b = as.settings.bufferBudget();
            throw new DimseLimitException(DimseBufferBudget.Reason.BUFFER_BUDGET, "DIMSE buffer budget of " + b.max()
                    + " bytes for all associations exhausted (" + b.used() + " in use, this association holds "
                    + as.buffers.held() + ", " + n + " more arriving)");
        }
    }

    private void onPdu(Pdu.Raw pdu) throws IOException {
        switch (pdu.type()) {
            case Pdu.P_DATA_TF -> {
                if (as.state != Association.State.ESTABLISHED && as.state != Association.State.RELEASE_REQUESTED) {
                    throw new PduException(AAbort.UNEXPECTED_PDU, "P-DATA-TF in state " + as.state);
                }
                for (Pdu.Pdv pdv : Pdu.decodePData(pdu.body())) {
                    PresentationContext pc = as.ac.presentationContext(pdv.pcid());
                    if (pc == null || !pc.isAccepted()) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "PDV for unaccepted context " + pdv.pcid());
                    }
                    MessageAssembler.Message m = as.assembler.add(pdv);
                    if (m != null) {
                        onMessage(pc, m);
                    }
                }
                as.buffers.settle(as.assembler.buffered()); // the PDU is consumed: keep only what reassembly holds
            }
            case Pdu.A_RELEASE_RQ -> onReleaseRQ();
            case Pdu.A_RELEASE_RP -> {
                if (as.state != Association.State.RELEASE_REQUESTED) {
                    throw new PduException(AAbort.UNEXPECTED_PDU, "A-RELEASE-RP without request");
                }
                if (as.requestor) {
                    LOG.debug("{}: released", as);
                } else {
                    LOG.info("{}: released", as);
                }
                as.close("released");
            }
            case Pdu.A_ABORT -> {
                AAbort a = Pdu.decodeAbort(pdu.body());
                LOG.info("{}: received {}", as, a);
                as.close("aborted by peer: " + a);
            }
            default -> throw new PduException(AAbort.UNEXPECTED_PDU, Pdu.name(pdu.type()) + " on an established association");
        }
    }

    /** A-RELEASE-RQ received (PS3.8 7.2): finish the running operation, answer A-RELEASE-RP. */
    private void onReleaseRQ() throws IOException {
        if (as.state == Association.State.RELEASE_REQUESTED) {
            as.writePdu(Pdu.releaseRP()); // release collision (PS3.8 7.2.2): answer, keep waiting for ours
            return;
        }
        as.state = Association.State.RELEASING;
        SerialWorker w = as.worker;
        if (w != null) {
            try {
                if (!w.awaitIdle(as.settings.artimTimeout() > 0 ? as.settings.artimTimeout() : 60_000)) {
                    LOG.warn("{}: operation still running at release", as);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("{}: operation still running at release", as);
            }
        }
        as.writePdu(Pdu.releaseRP());
        if (as.requestor) {
            LOG.debug("{}: released by peer", as);
            as.close("released by peer");
        } else {
            LOG.info("{}: released by peer", as);
            // acceptor: wait (ARTIM) for the requestor to close the transport connection
        }
    }

    private void onMessage(PresentationContext pc, MessageAssembler.Message m) throws IOException {
        Attributes cmd = m.command();
        int field = Dimse.commandField(cmd);
        Attributes data = null;
        if (m.data() != null) {
            try {
                data = DicomReader.read(m.data(), 0, m.data().length, as.transferSyntax(pc), SpecificCharacterSet.DEFAULT);
            } catch (DicomFormatException e) {
                if ((field & Dimse.RSP) != 0) {
                    throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "malformed data set: " + e.getMessage());
                }
                LOG.warn("{}: malformed data set in {}: {}", as, Dimse.name(field), e.getMessage());
                as.writeDimse(pc, new DicomServiceException(field == Dimse.C_FIND_RQ ? Status.UNABLE_TO_PROCESS
                        : Status.PROCESSING_FAILURE, "Cannot parse data set").toResponse(cmd), null);
                return;
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} << {} msgId={} status={} cuid={}", as, Dimse.name(field),
                    cmd.getInt(Tag.MessageID, cmd.getInt(Tag.MessageIDBeingRespondedTo, -1)),
                    cmd.contains(Tag.Status) ? Status.toString(Dimse.status(cmd)) : "-", Dimse.sopClassUid(cmd));
            if (as.settings.logPayload() && data != null) {
                LOG.debug("{} << data set:\n{}", as, data);
            }
        }
        if (field == Dimse.C_CANCEL_RQ) {
            as.cancelReceived(cmd.getInt(Tag.MessageIDBeingRespondedTo, -1));
            return;
        }
        if ((field & Dimse.RSP) != 0) {
            int msgId = cmd.getInt(Tag.MessageIDBeingRespondedTo, -1);
            DimseResponse rsp = new DimseResponse(cmd, data);
            DimseResponseHandler h = rsp.isPending() ? as.pending.get(msgId) : as.pending.remove(msgId);
            if (!rsp.isPending()) {
                as.findContexts.remove(msgId);
            }
            if (h == null) {
                LOG.warn("{}: response to unknown message ID {}", as, msgId);
            } else {
                h.onResponse(rsp);
            }
            return;
        }
        dispatch(pc, cmd, data, m.bytes());
    }

    /**
     * Hands a request to the association's worker. Its bytes stay reserved in the budget until the service returns
     * (a peer that pipelines requests without waiting for answers cannot queue unbounded data sets).
     */
    private void dispatch(PresentationContext pc, Attributes cmd, Attributes data, long bytes) throws IOException {
        DimseRequestHandler h = as.handler;
        if (h == null) {
            as.writeDimse(pc, Dimse.response(cmd, Status.UNRECOGNIZED_OPERATION), null);
            return;
        }
        String cuid = Dimse.sopClassUid(cmd);
        if (!pc.abstractSyntax().equals(cuid)) {
            // a request is for the abstract syntax (SOP class) of the presentation context it is sent on (PS3.8 7.1.1.13); another
            // (or none) is refused here, before any service or authorization sees it (docs/dicom-conformance.md)
            LOG.info("{}: {} for SOP class {} on the presentation context {} of {}: answered 0122", as,
                    Dimse.name(Dimse.commandField(cmd)), cuid == null ? "(none)" : org.radbridge.dicom.Uids.forLog(cuid), pc.id(),
                    pc.abstractSyntax());
            as.writeDimse(pc, new DicomServiceException(Status.SOP_CLASS_NOT_SUPPORTED,
                    "SOP Class differs from the presentation context's").toResponse(cmd), null);
            return;
        }
        as.busy.incrementAndGet();
        as.buffers.handedOver(bytes);
        Runnable service = () -> {
            try {
                h.onDimseRequest(as, pc, cmd, data);
            } catch (IOException e) {
                LOG.warn("{}: failed to answer {}: {}", as, Dimse.name(Dimse.commandField(cmd)), e.toString());
            } catch (RuntimeException e) {
                LOG.error("{}: service failed", as, e);
            } finally {
                as.buffers.serviceDone(bytes);
                as.busy.decrementAndGet();
            }
        };
        if (!cancellable(Dimse.commandField(cmd)) && as.busy.get() == 1) {
            // nothing else in progress: answer on this thread (no hand-over); the next PDU is read afterwards
            service.run();
            return;
        }
        SerialWorker w = as.worker;
        if (w == null) {
            w = new SerialWorker("dicom-" + as.name + "-worker");
            as.worker = w;
        }
        w.execute(service);
    }

    /** Requests a C-CANCEL-RQ may stop (PS3.7 9.3.2.3, 9.3.3.3, 9.3.4.3): they run on the worker, not the reader. */
    static boolean cancellable(int commandField) {
        return commandField == Dimse.C_FIND_RQ || commandField == Dimse.C_GET_RQ || commandField == Dimse.C_MOVE_RQ;
    }
}
