package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;

/** Raw-socket peers that break PS3.8: the acceptor answers A-ABORT (or closes on ARTIM) and keeps serving others. */
@Timeout(60)
class ProtocolErrorTest {

    DicomServer server;

    @BeforeEach
    void start() throws Exception {
        server = NetTestSupport.start(new DicomServiceRegistry().add(new VerificationScp()),
                new AssociationSettings().artimTimeout(500));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends bytes on a fresh connection and returns everything the server sends back until it closes. */
    byte[] exchange(byte[] send) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(send);
            out.flush();
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void garbageGetsAbortUnrecognizedPduAndOthersKeepWorking() throws Exception {
        try (Association established = NetTestSupport.open(server, UID.Verification)) {
            byte[] reply = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // A-ABORT: type 7, length 4, source 2 (service-provider), reason 1 (unrecognized PDU)
            assertArrayEquals(HexFormat.of().parseHex("07000000000400000201"), reply);
            assertEquals(Status.SUCCESS, established.echo().status(), "other association undisturbed");
        }
        try (Association fresh = NetTestSupport.open(server, UID.Verification)) {
            assertEquals(Status.SUCCESS, fresh.echo().status(), "server keeps accepting");
        }
    }

    @Test
    void pDataBeforeAssociationGetsAbortUnexpectedPdu() throws Exception {
        byte[] reply = exchange(HexFormat.of().parseHex("04000000000800000004" + "0103" + "0000"));
        assertArrayEquals(HexFormat.of().parseHex("07000000000400000202"), reply);
    }

    @Test
    void malformedAssociateRequestGetsAbortInvalidParameter() throws Exception {
        // A-ASSOCIATE-RQ whose variable field is too short for the fixed header
        byte[] reply = exchange(HexFormat.of().parseHex("010000000006" + "000100000000"));
        assertEquals(7, reply[0]);
        assertEquals(2, reply[8], "source service-provider");
        assertEquals(AAbort.INVALID_PDU_PARAMETER_VALUE, reply[9]);
    }

    @Test
    void oversizedPduLengthGetsAbort() throws Exception {
        byte[] reply = exchange(HexFormat.of().parseHex("01000FFFFFFF0001"));
        assertArrayEquals(HexFormat.of().parseHex("07000000000400000206"), reply);
    }

    @Test
    void silentConnectionIsClosedWhenArtimExpires() throws Exception {
        long t0 = System.nanoTime();
        byte[] reply = exchange(new byte[0]);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, reply.length);
        assertTrue(ms >= 400 && ms < 5000, "closed after ARTIM (500 ms), took " + ms);
    }

    @Test
    void malformedPDataOnEstablishedAssociationIsAborted() throws Exception {
        AAssociateRQ rq = NetTestSupport.rq("RAW", "RADBRIDGE", UID.Verification);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(Pdu.encode(rq));
            out.flush();
            Pdu.Raw ac = Pdu.read(s.getInputStream(), 1 << 20);
            assertEquals(Pdu.A_ASSOCIATE_AC, ac.type());
            // P-DATA-TF with a PDV for presentation context 9, which was never proposed
            out.write(HexFormat.of().parseHex("0400000000080000000409030000"));
            out.flush();
            Pdu.Raw abort = Pdu.read(s.getInputStream(), 1 << 20);
            assertEquals(Pdu.A_ABORT, abort.type());
            assertEquals(new AAbort(2, AAbort.INVALID_PDU_PARAMETER_VALUE), Pdu.decodeAbort(abort.body()));
        }
    }
}
