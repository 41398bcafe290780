package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.tls.TlsMaterial;
import org.radbridge.availability.OrthancClient;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.mllp.MllpClient;
import org.radbridge.fhir.FhirHttp;
import org.radbridge.testing.ClientHelloCapture;
import org.radbridge.testing.TestPki;
import org.radbridge.testing.TlsProbe;
import org.radbridge.tls.Bcp195;
import org.radbridge.tls.ClientTls;
import picocli.CommandLine;

/**
 * BCP 195 (RFC 9325 section 4.2) on every TLS client: the ClientHello each one sends, read off the wire,
 * offers exactly the forward-secret AEAD suites (as far as this JDK supports them) — an MLLP destination
 * (tls.ClientTls, engine material and its own), the replay CLI (mllp.MllpClient), the FHIR client, the Orthanc
 * client, and the DICOM SCU with the engine's material (as the MPPS forwarder and the ATNA exporter use it).
 */
@Timeout(120)
class TlsClientSuitesTest {

    @TempDir
    Path tmp;

    static Set<String> allowed() throws Exception {
        Set<String> a = new TreeSet<>(Bcp195.SUITES);
        a.retainAll(TlsProbe.jdkSuites());
        return a;
    }

    interface Client {
        void connect(int port) throws Exception;
    }

    static Set<String> offered(Client c) throws Exception {
        try (ClientHelloCapture cap = new ClientHelloCapture()) {
            try {
                c.connect(cap.port());
            } catch (Exception expected) {
                // the capture closes after the ClientHello: the client's handshake fails
            }
            return new TreeSet<>(cap.offered());
        }
    }

    TlsMaterial engine() throws Exception {
        Path ks = TlsProbe.dualKeystore(tmp.resolve("ks"));
        return new TlsMaterial(Settings.of(Map.of("radbridge.tls.keystore", ks.toString(), "radbridge.tls.keystore-password",
                TestPki.PASSWORD)));
    }

    @Test
    void mllpDestinationOffersOnlyForwardSecretAeadSuites() throws Exception {
        TlsMaterial engine = engine();
        ClientTls withEngineMaterial = DestinationTls.of("emr", new Hl7DestinationConfig.Tls(true, null, null, null, null, null, false),
                engine);
        assertEquals(allowed(), offered(p -> MllpClient.open("127.0.0.1", p, 5000, 5000, withEngineMaterial::wrap).close()));
        ClientTls own = DestinationTls.of("emr2", new Hl7DestinationConfig.Tls(false, null, null, null, null, List.of("TLSv1.2"), false),
                engine);
        Set<String> tls12 = new TreeSet<>(allowed());
        tls12.removeAll(Bcp195.TLS13_SUITES);
        assertEquals(tls12, offered(p -> MllpClient.open("127.0.0.1", p, 5000, 5000, own::wrap).close()), "TLS 1.2 only destination");
    }

    @Test
    void replayCliOffersOnlyForwardSecretAeadSuites() throws Exception {
        Path msg = tmp.resolve("a.hl7");
        Files.writeString(msg, "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5.1\rPID|1||1\r");
        assertEquals(allowed(), offered(p -> new CommandLine(new RadBridgeCli()).execute("replay", msg.toString(), "--to",
                "127.0.0.1:" + p, "--quiet", "--tls", "--timeout", "5")));
    }

    @Test
    void httpClientsOfferOnlyForwardSecretAeadSuites() throws Exception {
        assertEquals(allowed(), offered(p -> new FhirHttp("https://127.0.0.1:" + p + "/fhir", null, Duration.ofSeconds(5),
                Duration.ofSeconds(5), null).get("Patient")), "FHIR client, JDK trust");
        SSLContext engineCtx = engine().sslContext();
        assertEquals(allowed(), offered(p -> new FhirHttp("https://127.0.0.1:" + p + "/fhir", null, Duration.ofSeconds(5),
                Duration.ofSeconds(5), engineCtx).get("Patient")), "FHIR client, engine material");
        assertEquals(allowed(), offered(p -> new OrthancClient("https://127.0.0.1:" + p, null, null, Duration.ofSeconds(5))
                .lastChange()), "Orthanc client");
    }

    @Test
    void dicomScuWithEngineMaterialOffersOnlyForwardSecretAeadSuites() throws Exception {
        SSLContext ctx = engine().sslContext();
        assertEquals(allowed(), offered(p -> {
            AAssociateRQ rq = new AAssociateRQ();
            rq.setCallingAE("RADBRIDGE");
            rq.setCalledAE("PACS");
            rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
            new DicomClient().tls(ctx.getSocketFactory()).connect("127.0.0.1", p, rq);
        }));
        // any socket of the engine's context, as the ATNA exporter's factory wraps it
        assertEquals(allowed(), offered(p -> {
            try (Socket s = ctx.getSocketFactory().createSocket("127.0.0.1", p)) {
                ((javax.net.ssl.SSLSocket) s).startHandshake();
            }
        }));
    }

    @Test
    void destinationProtocolsRefuseTls11() {
        assertThrows(IllegalArgumentException.class, () -> Bcp195.protocols("TLSv1.2,TLSv1.1"));
        assertThrows(IllegalArgumentException.class, () -> Bcp195.protocols("TLSv1"));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(Bcp195.protocols(" TLSv1.3 , TLSv1.2 ")));
    }
}
