package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.service.BasicCFindScp;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.NServiceScp;
import org.radbridge.dicom.net.service.QueryTask;
import org.radbridge.dicom.net.service.VerificationScp;
import org.radbridge.dicom.testing.Dcmtk;

/**
 * Issue 11 items 17 and 18 on the DICOM layer itself: slow peers trickling an A-ASSOCIATE-RQ neither take association
 * slots nor keep others out, and are closed when ARTIM (PS3.8 9.1.5) expires for the whole request; a slot is taken
 * only after the calling AE was checked; an all-spaces calling AE is refused (PS3.8 Table 9-11); a request whose SOP
 * class is not its presentation context's is answered 0122 and reaches no service.
 */
@Timeout(120)
class AssociationAdmissionTest {

    private final List<Socket> sockets = new ArrayList<>();
    private DicomServer server;
    private Thread trickler;
    private final AtomicBoolean trickling = new AtomicBoolean(true);

    @AfterEach
    void stop() throws Exception {
        trickling.set(false);
        if (trickler != null) {
            trickler.join(5000);
        }
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private DicomServer start(DicomServer.Config cfg) throws Exception {
        server = new DicomServer(cfg.bindAddress("127.0.0.1").port(0).aeTitles(Set.of("RADBRIDGE"))).start();
        return server;
    }

    private static DicomServer.Config echoOnly(int artimMillis) {
        return new DicomServer.Config().handler(new DicomServiceRegistry().add(new VerificationScp()))
                .settings(new AssociationSettings().artimTimeout(artimMillis));
    }

    /** Opens n connections that send an A-ASSOCIATE-RQ one byte every 200 ms (it would take ~40 s to complete). */
    private void trickle(int n) throws IOException {
        byte[] rq = Pdu.encode(NetTestSupport.rq("SLOW", "RADBRIDGE", UID.Verification));
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.getOutputStream().write(rq, 0, 6);
            sockets.add(s);
        }
        trickler = new Thread(() -> {
            int pos = 6;
            while (trickling.get() && pos < rq.length) {
                for (Socket s : sockets) {
                    try {
                        s.getOutputStream().write(rq[pos]);
                    } catch (IOException closedByServer) {
                        // expected once the server gave up on it
                    }
                }
                pos++;
                sleep(200);
            }
        }, "trickler");
        trickler.setDaemon(true);
        trickler.start();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // paces the trickling (slow-loris) peers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True if the server closed s (EOF or reset) within the deadline. */
    private static boolean closedByServer(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        while (System.currentTimeMillis() < deadline) {
            s.setSoTimeout((int) Math.max(1, Math.min(500, deadline - System.currentTimeMillis())));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fiftyTricklingPeersDoNotKeepEchoscuOut() throws Exception {
        start(echoOnly(3000).maxAssociations(5));
        trickle(50);
        long t0 = System.nanoTime();
        if (Dcmtk.available("echoscu")) {
            Dcmtk.echoscu("127.0.0.1", server.port(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu next to 50 slow peers");
        }
        try (Association as = NetTestSupport.open(server, UID.Verification)) {
            assertEquals(Status.SUCCESS, as.echo().status());
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 5000, "associations within a few seconds despite 50 trickling peers, took " + ms + " ms");
        int closed = 0;
        long deadline = System.currentTimeMillis() + 1000; // well before ARTIM (3 s): only the bound closes them
        for (Socket s : sockets) {
            closed += closedByServer(s, Math.max(deadline, System.currentTimeMillis() + 1)) ? 1 : 0;
        }
        assertTrue(closed >= 42, "at most 8 request-phase connections per address are kept, " + closed + " of 50 closed");
    }

    @Test
    void artimBoundsTheWholeRequestHoweverSlowlyItTrickles() throws Exception {
        start(echoOnly(1500));
        long t0 = System.currentTimeMillis();
        trickle(5);
        for (Socket s : sockets) {
            assertTrue(closedByServer(s, t0 + 8000), "a request still trickling is closed when ARTIM expires");
        }
        long ms = System.currentTimeMillis() - t0;
        assertTrue(ms >= 1400, "not before ARTIM: " + ms);
        try (Association as = NetTestSupport.open(server, UID.Verification)) {
            assertEquals(Status.SUCCESS, as.echo().status());
        }
    }

    @Test
    void artimAlsoBoundsATrickledTlsHandshake(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        javax.net.ssl.SSLContext ctx = TlsTest.context(dir);
        start(echoOnly(1500).name("DICOM-TLS").tls(ctx.getServerSocketFactory(), DicomServer.ClientAuth.NEED));
        long t0 = System.currentTimeMillis();
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        byte[] helloStart = {0x16, 0x03, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xfc, 0x03, 0x03};
        s.getOutputStream().write(helloStart, 0, 5);
        trickler = new Thread(() -> {
            for (int i = 5; trickling.get() && i < helloStart.length; i++) {
                try {
                    s.getOutputStream().write(helloStart[i]);
                } catch (IOException closed) {
                    return;
                }
                sleep(200);
            }
            while (trickling.get()) {
                try {
                    s.getOutputStream().write(0);
                } catch (IOException closed) {
                    return;
                }
                sleep(200);
            }
        }, "tls-trickler");
        trickler.setDaemon(true);
        trickler.start();
        assertTrue(closedByServer(s, t0 + 8000), "a trickled TLS handshake is closed when ARTIM expires");
        DicomClient client = new DicomClient().tls(ctx.getSocketFactory());
        try (Association as = client.connect("127.0.0.1", server.port(), NetTestSupport.rq("CT01", "RADBRIDGE", UID.Verification))) {
            assertEquals(Status.SUCCESS, as.echo().status());
        }
    }

    @Test
    void theSlotIsTakenOnlyAfterTheCallingAeIsChecked() throws Exception {
        start(echoOnly(3000).maxAssociations(1).policy(AssociationPolicy.callingAETitles(List.of("TESTSCU"))));
        try (Association first = NetTestSupport.open(server, UID.Verification)) {
            AAssociateRJ unknown = reject(NetTestSupport.rq("INTRUDER", "RADBRIDGE", UID.Verification));
            assertEquals(AAssociateRJ.callingAeNotRecognized(), unknown, "a refused AE is told so, not 'local limit'");
            AAssociateRJ busy = reject(NetTestSupport.rq("TESTSCU", "RADBRIDGE", UID.Verification));
            assertEquals(AAssociateRJ.localLimitExceeded(), busy);
            assertEquals(Status.SUCCESS, first.echo().status());
        }
        NetTestSupport.awaitNoAssociations(server);
        try (Association again = NetTestSupport.open(server, UID.Verification)) {
            assertEquals(Status.SUCCESS, again.echo().status(), "the slot is free again");
        }
    }

    @Test
    void allSpacesCallingAeIsRejectedAlsoWhenAnyAeIsAccepted() throws Exception {
        start(echoOnly(3000).policy(AssociationPolicy.ACCEPT_ALL));
        for (String calling : new String[] {"", "                ", "CT\u000101"}) {
            AAssociateRJ rj = reject(NetTestSupport.rq(calling, "RADBRIDGE", UID.Verification));
            assertEquals(new AAssociateRJ(AAssociateRJ.RESULT_PERMANENT, AAssociateRJ.SOURCE_SERVICE_USER,
                    AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED), rj, "calling AE '" + calling + "'");
        }
        assertEquals(AAssociateRJ.calledAeNotRecognized(), reject(NetTestSupport.rq("TESTSCU", "", UID.Verification)));
    }

    private AAssociateRJ reject(AAssociateRQ rq) {
        AssociationException ex = assertThrows(AssociationException.class,
                () -> new DicomClient().connect("127.0.0.1", server.port(), rq).close());
        assertNotNull(ex.reject(), ex.toString());
        return ex.reject();
    }

    @Test
    void aRequestForAnotherSopClassThanItsContextIs0122AndReachesNoService() throws Exception {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger finds = new AtomicInteger();
        DicomServiceRegistry registry = new DicomServiceRegistry().add(new VerificationScp())
                .add(new BasicCFindScp(UID.ModalityWorklistInformationModelFind) {
                    @Override
                    protected QueryTask calculateMatches(Association as, PresentationContext pc, Attributes rq, Attributes keys) {
                        finds.incrementAndGet();
                        return new QueryTask() {
                            @Override
                            public boolean hasMoreMatches() {
                                return false;
                            }

                            @Override
                            public Attributes nextMatch() {
                                return null;
                            }
                        };
                    }
                })
                .add(new NServiceScp(UID.ModalityPerformedProcedureStep) {
                    @Override
                    protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) {
                        creates.incrementAndGet();
                        return null;
                    }
                });
        start(new DicomServer.Config().handler(registry));
        try (Association as = NetTestSupport.open(server, UID.ModalityWorklistInformationModelFind,
                UID.ModalityPerformedProcedureStep)) {
            PresentationContext mwl = as.presentationContextFor(UID.ModalityWorklistInformationModelFind);
            PresentationContext mpps = as.presentationContextFor(UID.ModalityPerformedProcedureStep);
            Attributes keys = new Attributes();
            keys.setNull(Tag.PatientName, VR.PN);
            DimseResponse find = send(as, mwl, Dimse.cFindRQ(as.nextMessageId(),
                    UID.PatientRootQueryRetrieveInformationModelFind, Dimse.PRIORITY_MEDIUM), keys);
            assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, find.status(), "C-FIND of another SOP class on the MWL context");
            DimseResponse create = send(as, mwl, Dimse.nCreateRQ(as.nextMessageId(), UID.ModalityPerformedProcedureStep,
                    "1.2.826.0.1.3680043.10.543.96001"), new Attributes());
            assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, create.status(), "MPPS N-CREATE on the MWL context");
            assertEquals(0, creates.get(), "the MPPS service never saw it");
            assertEquals(0, finds.get());
            // the same requests on their own contexts work
            assertEquals(Status.SUCCESS, as.nCreate(UID.ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.10.543.96001",
                    new Attributes()).status());
            assertEquals(Status.SUCCESS, as.find(UID.ModalityWorklistInformationModelFind, keys).finalResponse().status());
            assertEquals(1, creates.get());
            assertNotNull(mpps);
        }
    }

    private static DimseResponse send(Association as, PresentationContext pc, Attributes cmd, Attributes data)
            throws Exception {
        return as.invokeAndWait(pc, cmd, data);
    }
}
