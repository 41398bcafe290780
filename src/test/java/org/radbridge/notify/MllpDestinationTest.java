package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.tls.TlsMaterial;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.DeliveryResult.Outcome;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.OutcomeTable.NakPolicy;
import org.radbridge.testing.HapiCheck;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.MllpReply;
import org.radbridge.testing.Ports;
import org.radbridge.testing.TestCertificates;

/** The MLLP destination against a real scripted receiver: correlation, timeouts, keep-alive, NAK policy, TLS. */
@Timeout(60)
class MllpDestinationTest {

    MllpReceiver receiver;
    MllpDestination dest;

    /**
     * The receivers check each message with HAPI; its first use in the JVM loads HAPI's model classes, which on a
     * loaded machine takes longer than the short ACK timeouts of these tests. Done once here, before any timing.
     */
    @BeforeAll
    static void warmUpHapi() {
        assertEquals(null, HapiCheck.problem(new String(entry(0, "WARM").payload(), StandardCharsets.UTF_8)));
    }

    @BeforeEach
    void start() throws Exception {
        receiver = MllpReceiver.start();
    }

    @AfterEach
    void stop() {
        if (dest != null) {
            dest.close();
        }
        receiver.close();
    }

    static Hl7DestinationConfig cfg(int port, int ackTimeout, NakPolicy onAe, NakPolicy onAr, Map<String, String> codes,
            Hl7DestinationConfig.Tls tls) {
        return new Hl7DestinationConfig("emr", "127.0.0.1", port, "order-placer", "EMR", "HOSP", tls, 2000, ackTimeout, 60000,
                onAe, onAr, codes, 1, true, "", "2.5.1");
    }

    MllpDestination dest(int ackTimeout) {
        dest = new MllpDestination(cfg(receiver.port(), ackTimeout, NakPolicy.DEAD, NakPolicy.RETRY, Map.of(), null), null, null);
        return dest;
    }

    static OutboxEntry entry(long id, String controlId) {
        String text = "MSH|^~\\&|RIS|RAD|EMR|HOSP|20260101120000||ORU^R01^ORU_R01|SENDER-" + id + "|P|2.5.1\r"
                + "PID|1||P" + id + "^^^HOSP^MR||DOE^JANE\rOBR|1|||X^Y\rOBX|1|TX|||Line 1 \\T\\ more||||||F\r";
        return new OutboxEntry(id, 0, 1L, "emr", "P" + id + "^HOSP", "oru-r01", Hl7Edit.contentType(StandardCharsets.UTF_8),
                text.getBytes(StandardCharsets.UTF_8), controlId, OutboxEntry.IN_FLIGHT, 1, 0, null, null, 0, null);
    }

    @Test
    void acknowledgedMessageIsDeliveredWithTheEntrysControlId() {
        DeliveryResult r = dest(2000).deliver(entry(1, "RBCTL1"));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.detail());
        assertEquals(List.of("RBCTL1"), receiver.processed());
        assertTrue(receiver.received().get(0).text().contains("OBX|1|TX|||Line 1 \\T\\ more"), "escapes travel as they are");
        assertEquals(List.of(), receiver.hapiErrors());
    }

    @Test
    void oneConnectionIsKeptForManyMessages() {
        MllpDestination d = dest(2000);
        for (int i = 1; i <= 20; i++) {
            assertEquals(Outcome.DELIVERED, d.deliver(entry(i, "C" + i)).outcome());
        }
        assertEquals(1, receiver.connections());
        assertEquals(1, d.idleConnections());
    }

    @Test
    void ackForAnotherControlIdIsRetriedOnANewConnection() {
        receiver.script(MllpReply.wrongControlId());
        MllpDestination d = dest(2000);
        DeliveryResult first = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.RETRY, first.outcome());
        assertTrue(first.detail().contains("NOT-C1") && first.detail().contains("not taken"), first.detail());
        assertEquals(0, d.idleConnections(), "connection reset");
        DeliveryResult second = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.DELIVERED, second.outcome());
        assertEquals(2, receiver.connections());
        assertEquals(List.of("C1"), receiver.processed(), "processed once: the retry carries the same MSH-10");
    }

    @Test
    void lateAckResetsTheConnectionAndIsNeverMatchedToTheNextMessage() throws Exception {
        receiver.script(MllpReply.delayed(1200));
        MllpDestination d = dest(300);
        DeliveryResult r = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.RETRY, r.outcome());
        assertTrue(r.detail().contains("no acknowledgement in time") && r.detail().contains("connection reset"), r.detail());
        // the next message goes on a new connection: the late ACK for C1 (still to come on the old one) cannot answer it
        DeliveryResult next = d.deliver(entry(2, "C2"));
        assertEquals(Outcome.DELIVERED, next.outcome(), next.detail());
        assertEquals(Outcome.DELIVERED, d.deliver(entry(1, "C1")).outcome());
        assertEquals(List.of("C1", "C2"), receiver.processed());
        assertEquals(3, receiver.received().size());
        assertTrue(receiver.received().get(2).duplicate(), "the resent C1 was recognised by its MSH-10");
    }

    @Test
    void lostAckCausesNoDoubleProcessing() {
        receiver.script(MllpReply.processThenClose());
        MllpDestination d = dest(2000);
        DeliveryResult r = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.RETRY, r.outcome());
        assertTrue(r.detail().contains("closed"), r.detail());
        assertEquals(Outcome.DELIVERED, d.deliver(entry(1, "C1")).outcome());
        assertEquals(List.of("C1"), receiver.processed());
        assertEquals(2, receiver.received().size());
    }

    @Test
    void aeAndArFollowTheDestinationsPolicy() {
        receiver.script(MllpReply.ae("103"), MllpReply.ar("207"));
        MllpDestination d = dest(2000);
        DeliveryResult ae = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.DEAD, ae.outcome());
        assertTrue(ae.detail().startsWith("MSA-1 AE: 103 Refused by the test receiver"), ae.detail());
        assertEquals(Outcome.RETRY, d.deliver(entry(2, "C2")).outcome());
        assertEquals(1, receiver.connections(), "a NAK for our control id keeps the connection");
        d.close();

        receiver.script(MllpReply.ae(null), MllpReply.ae("205"));
        dest = new MllpDestination(cfg(receiver.port(), 2000, NakPolicy.PAUSE, NakPolicy.DEAD, Map.of("205", "delivered"), null), null, null);
        assertEquals(Outcome.PAUSE, dest.deliver(entry(3, "C3")).outcome());
        DeliveryResult dup = dest.deliver(entry(4, "C4"));
        assertEquals(Outcome.DELIVERED, dup.outcome(), "AE 205 (duplicate key) means it is there already, as configured");
        assertTrue(dup.detail().contains("ERR code 205"), dup.detail());
    }

    @Test
    void noReceiverIsRetry() {
        dest = new MllpDestination(cfg(Ports.free(), 500, NakPolicy.DEAD, NakPolicy.RETRY, Map.of(), null), null, null);
        DeliveryResult r = dest.deliver(entry(1, "C1"));
        assertEquals(Outcome.RETRY, r.outcome());
        assertTrue(r.detail().startsWith("cannot connect to 127.0.0.1:"), r.detail());
    }

    @Test
    void connectionClosedByTheReceiverWhileIdleIsReplacedWithoutAFailure() throws Exception {
        MllpDestination d = dest(2000);
        assertEquals(Outcome.DELIVERED, d.deliver(entry(1, "C1")).outcome());
        receiver.stop();
        receiver.restart();
        Thread.sleep(MllpDestination.PROBE_AFTER_MILLIS + 100); // idle time is the input: past it, the connection is probed
        DeliveryResult r = d.deliver(entry(2, "C2"));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.detail());
        assertEquals(2, receiver.connections());
    }

    @Test
    void unframedOrMissingAckTimesOutWithAPreciseReason() {
        receiver.script(MllpReply.unframed(), MllpReply.silent());
        MllpDestination d = dest(400);
        DeliveryResult r = d.deliver(entry(1, "C1"));
        assertEquals(Outcome.RETRY, r.outcome());
        assertTrue(r.detail().contains("bytes outside an MLLP block"), r.detail());
        DeliveryResult s = d.deliver(entry(2, "C2"));
        assertEquals(Outcome.RETRY, s.outcome());
        assertTrue(s.detail().startsWith("no acknowledgement in time (ACK timeout 400 ms)"), s.detail());
    }

    @Test
    void mutualTlsWorksWithAClientCertificateAndPausesWithout(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        receiver.close();
        receiver = MllpReceiver.startTls(certs.serverContext());
        TlsMaterial none = new TlsMaterial(Settings.of(Map.of()));
        Hl7DestinationConfig.Tls withCert = new Hl7DestinationConfig.Tls(false, certs.clientKeystore().toString(),
                TestCertificates.PASSWORD, certs.clientTruststore().toString(), TestCertificates.PASSWORD, null, true);
        dest = new MllpDestination(cfg(receiver.port(), 5000, NakPolicy.DEAD, NakPolicy.RETRY, Map.of(), withCert),
                DestinationTls.of("emr", withCert, none), null);
        assertEquals(Outcome.DELIVERED, dest.deliver(entry(1, "C1")).outcome());
        assertEquals(Outcome.DELIVERED, dest.deliver(entry(2, "C2")).outcome());
        Thread.sleep(MllpDestination.PROBE_AFTER_MILLIS + 100); // idle time is the input: past it, the connection is probed
        assertEquals(Outcome.DELIVERED, dest.deliver(entry(5, "C5")).outcome(), "reused after the idle probe");
        assertEquals(1, receiver.connections(), "the TLS connection is kept alive");
        assertTrue(receiver.received().get(0).tlsPeer().contains("CN=radbridge-test-client"));
        dest.close();

        Hl7DestinationConfig.Tls noCert = new Hl7DestinationConfig.Tls(false, null, null, certs.clientTruststore().toString(),
                TestCertificates.PASSWORD, null, true);
        dest = new MllpDestination(cfg(receiver.port(), 5000, NakPolicy.DEAD, NakPolicy.RETRY, Map.of(), noCert),
                DestinationTls.of("emr", noCert, none), null);
        DeliveryResult r = dest.deliver(entry(3, "C3"));
        assertEquals(Outcome.PAUSE, r.outcome(), r.detail());
        assertTrue(r.detail().startsWith("TLS refused"), r.detail());
        assertTrue(receiver.awaitReceived(3, Duration.ofSeconds(1)));
        assertEquals(3, receiver.received().size(), "nothing reached the receiver without a certificate");
        assertTrue(receiver.awaitTlsFailures(1, Duration.ofSeconds(5)), "the receiver refused the handshake");
    }

    @Test
    void serverCertificateNotTrustedIsRefused(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        receiver.close();
        receiver = MllpReceiver.startTls(certs.serverContext());
        // trusting only the client's own certificate, not the receiver's
        Hl7DestinationConfig.Tls wrongTrust = new Hl7DestinationConfig.Tls(false, certs.clientKeystore().toString(),
                TestCertificates.PASSWORD, certs.serverTruststore().toString(), TestCertificates.PASSWORD, null, true);
        dest = new MllpDestination(cfg(receiver.port(), 5000, NakPolicy.DEAD, NakPolicy.RETRY, Map.of(), wrongTrust),
                DestinationTls.of("emr", wrongTrust, new TlsMaterial(Settings.of(Map.of()))), null);
        DeliveryResult r = dest.deliver(entry(1, "C1"));
        assertEquals(Outcome.PAUSE, r.outcome(), r.detail());
        assertTrue(r.detail().contains("TLS refused"), r.detail());
        assertEquals(0, receiver.received().size());
    }
}
