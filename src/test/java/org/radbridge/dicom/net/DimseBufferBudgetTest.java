package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.io.DicomWriter;
import org.slf4j.LoggerFactory;

/**
 * The DIMSE reassembly memory limits (issue 11, item 7 applied to DICOM): the per-message limit and the global
 * {@link DimseBufferBudget}. Bytes are reserved as P-DATA arrives and released on every way an association ends,
 * when a message's service returns; a peer over a limit gets A-ABORT (service-provider, reason-not-specified,
 * PS3.8 9.3.8) and no other association is disturbed.
 */
@Timeout(60)
class DimseBufferBudgetTest {

    static final int MAX_MESSAGE = 256 * 1024;
    static final int BUDGET = 512 * 1024;
    static final String MWL = UID.ModalityWorklistInformationModelFind;

    DimseBufferBudget budget;
    DicomServer server;
    volatile CountDownLatch findGate = new CountDownLatch(0);
    final CountDownLatch findEntered = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        start(30_000);
    }

    void start(int idleTimeoutMs) throws Exception {
        budget = new DimseBufferBudget(BUDGET);
        DimseRequestHandler handler = new DimseRequestHandler() {
            @Override
            public Set<String> sopClasses() {
                return Set.of(UID.Verification, MWL);
            }

            @Override
            public void onDimseRequest(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
                if (Dimse.commandField(cmd) == Dimse.C_FIND_RQ) {
                    findEntered.countDown();
                    try {
                        findGate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                as.writeDimse(pc, Dimse.response(cmd, Status.SUCCESS), null);
            }
        };
        server = new DicomServer(new DicomServer.Config().bindAddress("127.0.0.1").port(0).aeTitles(Set.of("RADBRIDGE"))
                .handler(handler).settings(new AssociationSettings().artimTimeout(1000).idleTimeout(idleTimeoutMs)
                        .maxMessageBytes(MAX_MESSAGE).bufferBudget(budget))).start();
    }

    @AfterEach
    void stop() {
        findGate.countDown();
        server.close();
    }

    // ------------------------------------------------------------------ accounting of one association

    @Test
    void accountReservesSettlesAndReleasesExactlyOnce() {
        DimseBufferBudget b = new DimseBufferBudget(1000);
        DimseBufferBudget.Account a = b.account();
        DimseBufferBudget.Account other = b.account();
        assertTrue(a.reserve(600));
        assertFalse(other.reserve(500), "over the budget: refused");
        assertEquals(600, b.used(), "a refused reservation reserves nothing");
        assertTrue(other.reserve(400));
        a.settle(100); // the PDU is consumed, reassembly keeps 100 bytes
        assertEquals(500, b.used());
        a.handedOver(100); // the message went to its service
        a.settle(0);
        assertEquals(100, a.held(), "kept while the service runs");
        a.serviceDone(100);
        assertEquals(0, a.held());
        assertTrue(a.reserve(300));
        a.handedOver(300);
        a.close(); // association ends while the service still runs
        a.serviceDone(300); // ... and the service returns afterwards: nothing released twice
        a.close();
        assertEquals(400, b.used());
        assertFalse(a.reserve(1), "a closed account reserves nothing");
        other.close();
        assertEquals(0, b.used());
    }

    @Test
    void refusalsAreCountedAndLoggedOncePerInterval() {
        DimseBufferBudget b = new DimseBufferBudget(1000, 60_000);
        int[] seen = new int[1];
        b.onRefusal(r -> seen[0]++);
        Logger log = (Logger) LoggerFactory.getLogger(DimseBufferBudget.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            for (int i = 0; i < 50; i++) {
                b.refused(DimseBufferBudget.Reason.BUFFER_BUDGET, "scp-" + i, "budget exhausted");
            }
            b.refused(DimseBufferBudget.Reason.MAX_MESSAGE_BYTES, "scp-x", "message too large");
        } finally {
            log.detachAppender(events);
        }
        assertEquals(50, b.refusals(DimseBufferBudget.Reason.BUFFER_BUDGET));
        assertEquals(1, b.refusals(DimseBufferBudget.Reason.MAX_MESSAGE_BYTES));
        assertEquals(51, seen[0]);
        assertEquals(2, events.list.stream().filter(e -> e.getLevel() == Level.WARN).count(), "one WARN per reason and interval");
    }

    // ------------------------------------------------------------------ every way an association ends

    enum End { PEER_ABORT, PEER_RELEASE, CONNECTION_CLOSED, IDLE_TIMEOUT, PROTOCOL_ERROR, SERVER_CLOSED }

    @ParameterizedTest
    @EnumSource(End.class)
    void unfinishedMessageIsReleasedWhenTheAssociationEnds(End end) throws Exception {
        if (end == End.IDLE_TIMEOUT) {
            server.close();
            start(1000);
        }
        RawPeer p = new RawPeer(server.port());
        int pc = p.pcid(MWL);
        p.command(pc, Dimse.cFindRQ(1, MWL, Dimse.PRIORITY_MEDIUM), true);
        p.data(pc, new byte[100_000], false);
        await(() -> budget.used() >= 100_000, "the fragment is reserved as it arrives");
        switch (end) {
            case PEER_ABORT -> p.send(Pdu.encode(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED)));
            case PEER_RELEASE -> p.send(Pdu.releaseRQ());
            case CONNECTION_CLOSED -> p.close();
            case IDLE_TIMEOUT -> { } // idle timeout 1 s with no operation outstanding
            case PROTOCOL_ERROR -> p.send(Pdu.pData(pc, true, true, new byte[8], 0, 8)); // command while data expected
            case SERVER_CLOSED -> server.close();
        }
        await(() -> budget.used() == 0, end + ": everything released");
        p.close();
        assertEquals(0, budget.refusals(DimseBufferBudget.Reason.BUFFER_BUDGET) + budget.refusals(DimseBufferBudget.Reason.MAX_MESSAGE_BYTES));
    }

    @Test
    void completeMessageIsReservedUntilItsServiceReturns() throws Exception {
        findGate = new CountDownLatch(1);
        try (RawPeer p = new RawPeer(server.port())) {
            int pc = p.pcid(MWL);
            byte[] ds = dataset(150_000, p.ts(pc));
            p.command(pc, Dimse.cFindRQ(1, MWL, Dimse.PRIORITY_MEDIUM), true);
            p.data(pc, Arrays.copyOfRange(ds, 0, 100_000), false);
            p.data(pc, Arrays.copyOfRange(ds, 100_000, ds.length), true);
            assertTrue(findEntered.await(10, TimeUnit.SECONDS));
            assertTrue(budget.used() >= ds.length, "held while the service runs: " + budget.used());
            findGate.countDown();
            assertEquals(Status.SUCCESS, Dimse.status(p.response()));
            await(() -> budget.used() == 0, "released when the service returned");
        }
    }

    // ------------------------------------------------------------------ limits

    @Test
    void messageOverTheLimitIsAbortedAndOthersContinue() throws Exception {
        try (Association good = NetTestSupport.open(server, UID.Verification); RawPeer p = new RawPeer(server.port())) {
            int pc = p.pcid(MWL);
            p.command(pc, Dimse.cFindRQ(1, MWL, Dimse.PRIORITY_MEDIUM), true);
            AAbort abort = null;
            try {
                for (int sent = 0; sent <= MAX_MESSAGE; sent += 64 * 1024) {
                    p.data(pc, new byte[64 * 1024], false);
                }
            } catch (IOException e) {
                // the server may abort and close while we are still sending
            }
            abort = p.awaitAbort();
            assertNotNull(abort, "A-ABORT received");
            assertEquals(AAbort.SOURCE_SERVICE_PROVIDER, abort.source());
            assertEquals(AAbort.REASON_NOT_SPECIFIED, abort.reason());
            assertEquals(1, budget.refusals(DimseBufferBudget.Reason.MAX_MESSAGE_BYTES));
            await(() -> budget.used() == 0, "the aborted association holds nothing");
            assertEquals(Status.SUCCESS, good.echo().status());
        }
    }

    @Test
    void budgetExhaustionAbortsOnlyTheAssociationThatWouldExceedIt() throws Exception {
        try (RawPeer a = new RawPeer(server.port()); RawPeer b = new RawPeer(server.port()); RawPeer c = new RawPeer(server.port())) {
            int pc = a.pcid(MWL);
            byte[] ds = dataset(200_000, a.ts(pc));
            for (RawPeer p : new RawPeer[] {a, b}) {
                p.command(p.pcid(MWL), Dimse.cFindRQ(1, MWL, Dimse.PRIORITY_MEDIUM), true);
                p.data(p.pcid(MWL), Arrays.copyOfRange(ds, 0, 190_000), false);
            }
            await(() -> budget.used() >= 380_000, "a and b hold 380,000 bytes");
            c.command(c.pcid(MWL), Dimse.cFindRQ(1, MWL, Dimse.PRIORITY_MEDIUM), true);
            try {
                c.data(c.pcid(MWL), new byte[190_000], false);
            } catch (IOException e) {
                // aborted while sending
            }
            AAbort abort = c.awaitAbort();
            assertNotNull(abort, "c, over the budget, gets A-ABORT");
            assertEquals(AAbort.REASON_NOT_SPECIFIED, abort.reason());
            assertEquals(1, budget.refusals(DimseBufferBudget.Reason.BUFFER_BUDGET));
            // a and b are undisturbed: they finish their messages and are answered
            for (RawPeer p : new RawPeer[] {a, b}) {
                p.data(p.pcid(MWL), Arrays.copyOfRange(ds, 190_000, ds.length), true);
                assertEquals(Status.SUCCESS, Dimse.status(p.response()));
            }
            await(() -> budget.used() == 0, "released after the answers");
        }
        try (Association fresh = NetTestSupport.open(server, UID.Verification)) {
            assertEquals(Status.SUCCESS, fresh.echo().status());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A C-FIND identifier of about {@code size} bytes in the transfer syntax. */
    static byte[] dataset(int size, TransferSyntax ts) {
        Attributes a = new Attributes();
        a.setString(Tag.PatientID, VR.LO, "");
        byte[] pad = new byte[size - 40];
        Arrays.fill(pad, (byte) 'x');
        a.setBytes(0x00191010, VR.OB, pad); // a private element as padding
        return new DicomWriter(ts).encode(a);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        org.radbridge.testing.Waits.until(what, java.time.Duration.ofSeconds(20), condition::getAsBoolean);
    }

    /** A requestor speaking raw PDUs: associates (MWL FIND and Verification), then sends fragments as told. */
    static final class RawPeer implements Closeable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final AAssociateRQ rq;
        final AAssociateAC ac;

        RawPeer(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            rq = NetTestSupport.rq("RAWSCU", "RADBRIDGE", MWL, UID.Verification);
            send(Pdu.encode(rq));
            Pdu.Raw r = Pdu.read(in, 1 << 20);
            assertEquals(Pdu.A_ASSOCIATE_AC, r.type());
            ac = (AAssociateAC) Pdu.decodeAssociate(r.type(), r.body());
        }

        int pcid(String cuid) {
            for (PresentationContext pc : rq.presentationContexts()) {
                if (pc.abstractSyntax().equals(cuid)) {
                    return pc.id();
                }
            }
            throw new IllegalArgumentException(cuid);
        }

        TransferSyntax ts(int pcid) {
            return TransferSyntax.forUid(ac.presentationContext(pcid).transferSyntax());
        }

        void send(byte[] pdu) throws IOException {
            out.write(pdu);
            out.flush();
        }

        void command(int pcid, Attributes cmd, boolean withData) throws IOException {
            Dimse.setDataset(cmd, withData);
            byte[] b = DicomWriter.encodeCommand(cmd);
            send(Pdu.pData(pcid, true, true, b, 0, b.length));
        }

        void data(int pcid, byte[] b, boolean last) throws IOException {
            send(Pdu.pData(pcid, false, last, b, 0, b.length));
        }

        /** The next response's command set (one PDV, as our server sends it). */
        Attributes response() throws IOException {
            Pdu.Raw r = Pdu.read(in, 1 << 20);
            assertEquals(Pdu.P_DATA_TF, r.type(), Pdu.name(r.type()));
            MessageAssembler m = new MessageAssembler(1 << 20);
            for (Pdu.Pdv pdv : Pdu.decodePData(r.body())) {
                MessageAssembler.Message msg = m.add(pdv);
                if (msg != null) {
                    return msg.command();
                }
            }
            throw new AssertionError("incomplete response");
        }

        /** Reads until an A-ABORT (returned) or the end of the connection (null). */
        AAbort awaitAbort() throws IOException {
            try {
                while (true) {
                    Pdu.Raw r = Pdu.read(in, 1 << 20);
                    if (r.type() == Pdu.A_ABORT) {
                        return Pdu.decodeAbort(r.body());
                    }
                }
            } catch (EOFException | java.net.SocketException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
