package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;

/** DICOM over TLS (PS3.15 B.1) with client authentication; the policy sees the TLS peer identity. */
@Timeout(120)
class TlsTest {

    static SSLContext context(Path dir) throws Exception {
        Path ks = dir.resolve("test.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "dicom", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=CT01,O=RadBridge Test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void echoOverTlsWithClientCertificate(@TempDir Path dir) throws Exception {
        SSLContext ctx = context(dir);
        List<String> peers = new ArrayList<>();
        DicomServer.Config cfg = new DicomServer.Config().name("DICOM-TLS").port(0)
                .handler(new DicomServiceRegistry().add(new VerificationScp()))
                .tls(ctx.getServerSocketFactory(), DicomServer.ClientAuth.NEED)
                .policy(r -> {
                    peers.add(String.valueOf(r.tlsPeer()));
                    return null;
                });
        try (DicomServer server = new DicomServer(cfg).start()) {
            DicomClient client = new DicomClient().tls(ctx.getSocketFactory());
            try (Association as = client.connect("127.0.0.1", server.port(), NetTestSupport.rq("CT01", "RADBRIDGE", UID.Verification))) {
                assertEquals(Status.SUCCESS, as.echo().status());
                assertNotNull(as.tlsPeer());
            }
            assertTrue(peers.get(0).contains("CN=CT01"), peers.toString());
            // a plain TCP client cannot talk to the TLS port
            assertThrows(java.io.IOException.class, () -> new DicomClient().settings(new AssociationSettings().artimTimeout(2000))
                    .connect("127.0.0.1", server.port(), NetTestSupport.rq("CT01", "RADBRIDGE", UID.Verification)));
        }
    }

    @Test
    void failedHandshakeIsReportedToTheListener(@TempDir Path dir) throws Exception {
        SSLContext ctx = context(dir);
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        DicomServer.Config cfg = new DicomServer.Config().name("DICOM-TLS").port(0)
                .handler(new DicomServiceRegistry().add(new VerificationScp()))
                .tls(ctx.getServerSocketFactory(), DicomServer.ClientAuth.NEED)
                .onTlsFailure((addr, e) -> failures.add(addr.getAddress().getHostAddress() + " " + e.getClass().getSimpleName()));
        try (DicomServer server = new DicomServer(cfg).start()) {
            // a client that trusts the server but has no certificate of its own
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(dir.resolve("test.p12").toFile())) {
                store.load(in, "changeit".toCharArray());
            }
            tmf.init(store);
            SSLContext noCert = SSLContext.getInstance("TLS");
            noCert.init(null, tmf.getTrustManagers(), null);
            assertThrows(java.io.IOException.class, () -> new DicomClient().tls(noCert.getSocketFactory())
                    .settings(new AssociationSettings().artimTimeout(2000))
                    .connect("127.0.0.1", server.port(), NetTestSupport.rq("CT01", "RADBRIDGE", UID.Verification)).echo());
            long end = System.currentTimeMillis() + 5000;
            while (failures.isEmpty() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).startsWith("127.0.0.1 SSL"), failures.toString());
        }
    }
}
