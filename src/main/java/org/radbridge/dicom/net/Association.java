package org.radbridge.dicom.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An association (PS3.8 7.1-7.3), in the role of requestor or acceptor: the established state after
 * negotiation, P-DATA transfer with fragmentation to the peer's maximum PDU length (PS3.8 9.3.5),
 * release (7.2) and abort (7.3), ARTIM and idle timeouts, and DIMSE message exchange (PS3.7).
 *
 * <p>Requestors are made by {@link DicomClient} (or {@link #connect}); acceptors by {@link DicomServer}.
 * Each association has one reader thread; a C-FIND request it receives runs on the association's worker
 * ({@link SerialWorker}), so a C-CANCEL-RQ is seen while the C-FIND is being answered; other requests run on the
 * reader itself when no C-FIND is in progress (one operation at a time either way, in arrival order). The SCU operations are in {@link AssociationScu}
 * methods exposed here: {@link #echo()}, {@link #find}, {@link #nCreate}, {@link #nSet},
 * {@link #nEventReport}, {@link #release()}, {@link #abort()}.
 */
public final class Association implements Closeable {

    static final Logger LOG = LoggerFactory.getLogger(Association.class);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    enum State { NEGOTIATING, ESTABLISHED, RELEASE_REQUESTED, RELEASING, CLOSED }

    final boolean requestor;
    final Socket socket;
    final InputStream in;
    private final OutputStream out;
    final AssociationSettings settings;
    final String name;
    private final Object writeLock = new Object();
    final Map<Integer, DimseResponseHandler> pending = new ConcurrentHashMap<>();
    final Map<Integer, Runnable> cancelHandlers = new ConcurrentHashMap<>();
    private final Set<Integer> earlyCancels = ConcurrentHashMap.newKeySet();
    final Map<Integer, PresentationContext> findContexts = new ConcurrentHashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    final MessageAssembler assembler;
    /** This association's share of the settings' {@link DimseBufferBudget}; released whenever the association ends. */
    final DimseBufferBudget.Account buffers;
    volatile State state = State.NEGOTIATING;
    private volatile AAssociateRQ rq;
    volatile AAssociateAC ac;
    volatile DimseRequestHandler handler;
    /** Runs the requests that must not block the reader (C-FIND: a C-CANCEL-RQ is read meanwhile); created on first use. */
    volatile SerialWorker worker;
    private volatile Runnable closeListener;
    private volatile String closeReason = "closed";
    private final AssociationScu scu = new AssociationScu(this);

    Association(Socket socket, AssociationSettings settings, boolean requestor) throws IOException {
        this.socket = socket;
        this.settings = settings;
        this.requestor = requestor;
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        this.assembler = new MessageAssembler(settings.maxMessageBytes());
        this.buffers = settings.bufferBudget().account();
        this.name = (requestor ? "scu-" : "scp-") + SERIAL.incrementAndGet();
        socket.setTcpNoDelay(settings.tcpNoDelay());
    }

    /** Opens a plain TCP association with default settings (see {@link DicomClient} for TLS and settings). */
    public static Association connect(String host, int port, String callingAE, String calledAE,
            List<PresentationContext> presentationContexts) throws IOException, InterruptedException {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(callingAE);
        rq.setCalledAE(calledAE);
        presentationContexts.forEach(rq::addPresentationContext);
        return new DicomClient().connect(host, port, rq);
    }

    // ------------------------------------------------------------------ accessors

    public boolean isRequestor() {
        return requestor;
    }

    public AAssociateRQ aAssociateRQ() {
        return rq;
    }

    public AAssociateAC aAssociateAC() {
        return ac;
    }

    public String callingAE() {
        return rq == null ? null : rq.callingAE();
    }

    public String calledAE() {
        return rq == null ? null : rq.calledAE();
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** The verified TLS peer (client certificate subject), or null without TLS or client authentication. */
    public Principal tlsPeer() {
        if (socket instanceof SSLSocket ssl) {
            try {
                return ssl.getSession().getPeerPrincipal();
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
        return null;
    }

    public AssociationSettings settings() {
        return settings;
    }

    public boolean isOpen() {
        return state == State.ESTABLISHED;
    }

    @Override
    public String toString() {
        return name + "[" + callingAE() + "->" + calledAE() + "]";
    }

    /** An accepted presentation context for the abstract syntax, or null. */
    public PresentationContext presentationContextFor(String sopClassUid) {
        if (ac == null) {
            return null;
        }
        for (PresentationContext pc : ac.presentationContexts()) {
            if (pc.isAccepted() && sopClassUid.equals(pc.abstractSyntax())) {
                return pc;
            }
        }
        return null;
    }

    /** The next Message ID (PS3.7 E.1), 1..65535, wrapping. */
    public int nextMessageId() {
        int id;
        do {
            id = messageIds.incrementAndGet() & 0xFFFF;
        } while (id == 0);
        return id;
    }

    // ------------------------------------------------------------------ SCU operations

    /** C-ECHO (PS3.7 9.1.5) on the Verification presentation context; returns the response. */
    public DimseResponse echo() throws IOException, InterruptedException {
        return scu.echo();
    }

    /** C-FIND (PS3.7 9.1.2): returns the responses as they arrive; {@link FindResponses#cancel()} sends C-CANCEL. */
    public FindResponses find(String sopClassUid, Attributes keys) throws IOException {
        return scu.find(sopClassUid, Dimse.PRIORITY_MEDIUM, keys);
    }

    /** N-CREATE (PS3.7 10.1.5); iuid may be null to let the SCP assign it. */
    public DimseResponse nCreate(String sopClassUid, String iuid, Attributes attrs) throws IOException, InterruptedException {
        return scu.nCreate(sopClassUid, iuid, attrs);
    }

    /** N-SET (PS3.7 10.1.3). */
    public DimseResponse nSet(String sopClassUid, String iuid, Attributes mods) throws IOException, InterruptedException {
        return scu.nSet(sopClassUid, iuid, mods);
    }

    /** N-EVENT-REPORT (PS3.7 10.1.1). */
    public DimseResponse nEventReport(String sopClassUid, String iuid, int eventTypeId, Attributes info)
            throws IOException, InterruptedException {
        return scu.nEventReport(sopClassUid, iuid, eventTypeId, info);
    }

    /**
     * Sends a request and waits for its final (non-pending) response, at most the response timeout of the
     * settings; on time-out the association is aborted (PS3.7 9.1, DIMSE-C/N request and response).
     */
    public DimseResponse invokeAndWait(PresentationContext pc, Attributes command, Attributes data)
            throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<DimseResponse> f = new java.util.concurrent.CompletableFuture<>();
        invoke(pc, command, data, new DimseResponseHandler() {
            @Override
            public void onResponse(DimseResponse response) {
                if (!response.isPending()) {
                    f.complete(response);
                }
            }

            @Override
            public void onFailure(IOException cause) {
                f.completeExceptionally(cause);
            }
        });
        int t = settings().responseTimeout();
        try {
            return t > 0 ? f.get(t, TimeUnit.MILLISECONDS) : f.get();
        } catch (java.util.concurrent.TimeoutException e) {
            abort();
            throw new AssociationException("no response within " + t + " ms", null, null);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Sends a request and registers the handler for its responses. The command must carry a Message ID
     * from {@link #nextMessageId()}; data is encoded in the context's transfer syntax.
     */
    public void invoke(PresentationContext pc, Attributes command, Attributes data, DimseResponseHandler h)
            throws IOException {
        int msgId = command.getInt(Tag.MessageID, -1);
        pending.put(msgId, h);
        try {
            writeDimse(pc, command, data);
        } catch (IOException e) {
            pending.remove(msgId);
            throw e;
        }
    }

    // ------------------------------------------------------------------ sending

    /** Encodes and sends one DIMSE message (command, then data set if not null), fragmented per PS3.8 9.3.5. */
    public void writeDimse(PresentationContext pc, Attributes command, Attributes data) throws IOException {
        writeDimse(pc, command, data, true);
    }

    /**
     * The same; with {@code flush} false the message may stay in the 64 KiB send buffer until a later message
     * or {@link #flush()} sends it (C-FIND SCPs batch pending responses this way: fewer system calls).
     */
    public void writeDimse(PresentationContext pc, Attributes command, Attributes data, boolean flush) throws IOException {
        if (state != State.ESTABLISHED && state != State.RELEASE_REQUESTED && state != State.RELEASING) {
            throw new AssociationException(this + " is not established", null, null);
        }
        Dimse.setDataset(command, data != null);
        byte[] cmd = DicomWriter.encodeCommand(command);
        byte[] ds = data == null ? null : new DicomWriter(transferSyntax(pc)).encode(data);
        writeDimse(pc, command, cmd, ds, data, flush);
    }

    /**
     * Sends one DIMSE message already encoded: {@code cmd} is {@code command} encoded (with its Command Data Set Type
     * set for {@code ds}: {@link Dimse#setDataset}), {@code ds} a data set encoded in the context's transfer syntax
     * ({@link #transferSyntax}) or null. Lets an SCP encode a command once for many responses and send stored
     * encodings (C-FIND pending responses). {@code command} is only logged.
     */
    public void writeDimse(PresentationContext pc, Attributes command, byte[] cmd, byte[] ds, boolean flush) throws IOException {
        if (state != State.ESTABLISHED && state != State.RELEASE_REQUESTED && state != State.RELEASING) {
            throw new AssociationException(this + " is not established", null, null);
        }
        writeDimse(pc, command, cmd, ds, null, flush);
    }

    private void writeDimse(PresentationContext pc, Attributes command, byte[] cmd, byte[] ds, Attributes data, boolean flush)
            throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} >> {} msgId={} status={} cuid={}", this, Dimse.name(Dimse.commandField(command)),
                    command.getInt(Tag.MessageID, command.getInt(Tag.MessageIDBeingRespondedTo, -1)),
                    command.contains(Tag.Status) ? Status.toString(Dimse.status(command)) : "-", Dimse.sopClassUid(command));
            if (settings.logPayload() && ds != null) {
                LOG.debug("{} >> data set:\n{}", this, data != null ? data : decodeForLog(ds, pc));
            }
        }
        int peerMax = requestor ? ac.maxPduLength() : rq.maxPduLength();
        int maxPdu = peerMax <= 0 ? settings.maxPduLengthSendCap() : Math.min(peerMax, settings.maxPduLengthSendCap());
        int maxPdv = Math.max(maxPdu, 64) - 6;
        synchronized (writeLock) {
            fragment(pc.id(), true, cmd, maxPdv);
            if (ds != null) {
                fragment(pc.id(), false, ds, maxPdv);
            }
            if (flush) {
                out.flush();
            }
        }
    }

    /** Sends what {@link #writeDimse(PresentationContext, Attributes, Attributes, boolean)} left buffered. */
    public void flush() throws IOException {
        synchronized (writeLock) {
            out.flush();
        }
    }

    /** P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5): header written, then the value slice itself (no copy). */
    private void fragment(int pcid, boolean command, byte[] b, int maxPdv) throws IOException {
        int off = 0;
        byte[] h = new byte[12];
        do {
            int len = Math.min(maxPdv, b.length - off);
            Pdu.pDataHeader(h, pcid, command, off + len == b.length, len);
            out.write(h);
            out.write(b, off, len);
            off += len;
        } while (off < b.length);
    }

    void writePdu(byte[] pdu) throws IOException {
        synchronized (writeLock) {
            out.write(pdu);
            out.flush();
        }
    }

    private Object decodeForLog(byte[] ds, PresentationContext pc) {
        try {
            return org.radbridge.dicom.io.DicomReader.read(ds, transferSyntax(pc));
        } catch (org.radbridge.dicom.DicomFormatException e) {
            return ds.length + " bytes (" + e.getMessage() + ")";
        }
    }

    /** The transfer syntax a presentation context's data sets are encoded in. */
    public TransferSyntax transferSyntax(PresentationContext pc) {
        TransferSyntax ts = TransferSyntax.forUid(pc.transferSyntax());
        if (ts == null) {
            throw new IllegalStateException("unsupported transfer syntax " + pc.transferSyntax());
        }
        return ts;
    }

    // ------------------------------------------------------------------ cancel support

    void rememberContext(int msgId, PresentationContext pc) {
        findContexts.put(msgId, pc);
    }

    PresentationContext presentationContextForMessage(int msgId) {
        return findContexts.get(msgId);
    }

    /**
     * Registers what to do when a C-CANCEL-RQ for msgId arrives (PS3.7 9.3.2.3); remove it when done.
     * A C-CANCEL-RQ that arrived before the registration (the request still queued) runs the action at once.
     */
    public void onCancel(int msgId, Runnable action) {
        cancelHandlers.put(msgId, action);
        if (earlyCancels.remove(msgId)) {
            action.run();
        }
    }

    public void removeCancel(int msgId) {
        cancelHandlers.remove(msgId);
        earlyCancels.remove(msgId);
    }

    /** Called by the reader for a C-CANCEL-RQ. */
    void cancelReceived(int msgId) {
        Runnable r = cancelHandlers.get(msgId);
        if (r != null) {
            r.run();
        } else if (busy.get() > 0 && earlyCancels.size() < 16) {
            earlyCancels.add(msgId);
            Runnable late = cancelHandlers.get(msgId);
            if (late != null && earlyCancels.remove(msgId)) {
                late.run();
            }
        }
    }

    // ------------------------------------------------------------------ establishment (package)

    void established(AAssociateRQ rq, AAssociateAC ac, DimseRequestHandler handler) {
        this.rq = rq;
        this.ac = ac;
        this.handler = handler;
        this.state = State.ESTABLISHED;
    }

    void setCloseListener(Runnable r) {
        this.closeListener = r;
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    /** Starts the reader on its own thread (requestor). */
    void startReader() {
        DicomThreads.start("dicom-" + name + "-reader", this::readLoop);
    }

    // ------------------------------------------------------------------ receiving

    /** The established-state loop, see {@link AssociationReader}. Returns when the association is closed. */
    void readLoop() {
        new AssociationReader(this).run();
    }

    // ------------------------------------------------------------------ release, abort, close

    /** A-RELEASE (PS3.8 7.2) as requestor: sends A-RELEASE-RQ and waits (ARTIM) for the A-RELEASE-RP. */
    public void release() throws IOException, InterruptedException {
        if (state != State.ESTABLISHED) {
            return;
        }
        state = State.RELEASE_REQUESTED;
        writePdu(Pdu.releaseRQ());
        int wait = settings.artimTimeout() > 0 ? settings.artimTimeout() : 60_000;
        if (!closed.await(wait + 1000L, TimeUnit.MILLISECONDS)) {
            abort();
            throw new AssociationException("no A-RELEASE-RP within " + wait + " ms", null, null);
        }
    }

    /** A-ABORT (PS3.8 7.3) by the service-user; closes the connection. */
    public void abort() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            writePdu(Pdu.encode(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED)));
        } catch (IOException ignored) {
            // the connection is going away anyway
        }
        close("aborted");
    }

    /** Sends an A-ABORT and closes after the peer closes or ARTIM expires (called on the reader thread). */
    void abort(AAbort abort, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        buffers.close(); // before waiting (ARTIM) for the peer to close: an aborted association holds no budget
        assembler.clear(); // nor heap (this runs on the reader thread, the assembler's only user)
        try {
            writePdu(Pdu.encode(abort));
            AssociationAcceptor.awaitPeerClose(socket, in, settings.artimTimeout());
        } catch (IOException ignored) {
            // closing anyway
        }
        close(reason + " (" + abort + ")");
    }

    /** Blocks until the association is closed or the timeout elapses; true if closed. */
    public boolean awaitClose(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Releases if established (requestor), otherwise closes. */
    @Override
    public void close() {
        if (requestor && state == State.ESTABLISHED) {
            try {
                release();
                return;
            } catch (IOException e) {
                LOG.debug("{}: release failed: {}", this, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close("closed");
    }

    void close(String reason) {
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            state = State.CLOSED;
            closeReason = reason;
            buffers.close();
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            closed.countDown();
        }
        AssociationException failure = new AssociationException(this + ": " + reason, null, null);
        for (Integer id : pending.keySet()) {
            DimseResponseHandler h = pending.remove(id);
            if (h != null) {
                h.onFailure(failure);
            }
        }
        cancelHandlers.values().forEach(Runnable::run);
        SerialWorker w = worker;
        if (w != null) {
            w.shutdown();
        }
        DimseRequestHandler h = handler;
        if (h != null) {
            try {
                h.onClose(this);
            } catch (RuntimeException e) {
                LOG.warn("{}: onClose failed", this, e);
            }
        }
        Runnable l = closeListener;
        if (l != null) {
            l.run();
        }
    }

    /** Why the association closed ("released", "aborted by peer: ...", ...). */
    public String closeReason() {
        return closeReason;
    }
}
