package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;
import org.radbridge.testing.TlsProbe;
import org.radbridge.tls.Bcp195;
import org.radbridge.tls.TlsMaterial;

/**
 * BCP 195 (RFC 9325 section 4.2) on every TLS listener — MLLP over TLS (netty) and DICOM over TLS: a
 * client offering only a static-RSA or a CBC suite is refused, ECDHE with AES-GCM under TLS 1.2 and TLS 1.3
 * are accepted, the set of suites a listener accepts is exactly the allowed set (as far as this JDK supports
 * it), and {@code openssl s_client -tls1_2 -cipher AES128-SHA} is refused. The server holds an RSA and an EC
 * key so that every ECDHE_RSA and ECDHE_ECDSA suite could be negotiated. (The HTTP API has no TLS listener.)
 */
@Timeout(240)
class TlsCipherSuitesTest {

    @TempDir
    static Path dir;
    static Path keystore;

    @BeforeAll
    static void keys() throws Exception {
        keystore = TlsProbe.dualKeystore(dir);
    }

    static Map<String, String> tls() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("radbridge.mllp.tls.port", "0");
        p.put("radbridge.dicom.tls.port", "0");
        p.put("radbridge.tls.keystore", keystore.toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.client-auth", "none");
        return p;
    }

    static Map<String, Integer> listeners(TestEngine e) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("mllp-tls", e.mllpTlsPort());
        m.put("dicom-tls", e.dicomTlsPort());
        return m;
    }

    @Test
    void everyListenerAcceptsOnlyForwardSecretAeadSuites() throws Exception {
        Set<String> allowed = new TreeSet<>(Bcp195.SUITES);
        allowed.retainAll(TlsProbe.jdkSuites());
        try (TestEngine e = TestEngine.start(tls())) {
            for (Map.Entry<String, Integer> l : listeners(e).entrySet()) {
                int port = l.getValue();
                String n = l.getKey();
                assertNull(TlsProbe.handshake(port, "TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA"), n + ": static RSA + CBC refused");
                assertNull(TlsProbe.handshake(port, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"), n + ": static RSA refused");
                assertNull(TlsProbe.handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), n + ": CBC/SHA-1 refused");
                assertNull(TlsProbe.handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"), n + ": CBC refused");
                assertNull(TlsProbe.handshake(port, "TLSv1.2", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), n + ": finite-field DHE refused");
                assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        TlsProbe.handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), n + ": ECDHE-RSA-GCM under TLS 1.2");
                assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                        TlsProbe.handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), n + ": ECDHE-ECDSA-GCM");
                assertEquals("TLS_AES_128_GCM_SHA256", TlsProbe.handshake(port, "TLSv1.3", "TLS_AES_128_GCM_SHA256"), n + ": TLS 1.3");

                // the whole set this listener accepts, one suite at a time
                Set<String> accepted = new TreeSet<>();
                for (String s : TlsProbe.jdkSuites()) {
                    if (TlsProbe.handshake(port, TlsProbe.protocolOf(s), s) != null) {
                        accepted.add(s);
                    }
                }
                assertEquals(allowed, accepted, n + ": accepted suites");
                assertNull(TlsProbe.handshake(port, "TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), n + ": TLS 1.1 refused");
            }
            // and from the inside: what the listeners' engine and server sockets enable
            TlsMaterial m = e.app().engine().context().tls();
            assertEquals(allowed, new TreeSet<>(List.of(m.serverEngine().getEnabledCipherSuites())), "MLLP TLS engine");
            try (SSLServerSocket ss = (SSLServerSocket) m.sslContext().getServerSocketFactory().createServerSocket()) {
                assertEquals(allowed, new TreeSet<>(List.of(ss.getEnabledCipherSuites())), "DICOM TLS server socket");
                assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.of(ss.getEnabledProtocols()));
            }
        }
    }

    /** openssl s_client against a listener; stdin closed, so it ends right after the handshake. */
    static Process sClient(int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return p;
    }

    static boolean opensslPresent() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception ex) {
            return false;
        }
    }

    @Test
    void opensslStaticRsaCbcSuiteIsRefused() throws Exception {
        assumeTrue(opensslPresent(), "openssl is not installed");
        try (TestEngine e = TestEngine.start(tls())) {
            for (Map.Entry<String, Integer> l : listeners(e).entrySet()) {
                Process bad = sClient(l.getValue(), "-tls1_2", "-cipher", "AES128-SHA");
                String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
                assertNotEquals(0, bad.exitValue(), l.getKey() + ": AES128-SHA handshake refused: " + out);
                assertFalse(out.contains("Cipher is AES128-SHA"), l.getKey() + ": " + out);

                Process good = sClient(l.getValue(), "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
                String ok = new String(good.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(good.waitFor(30, TimeUnit.SECONDS));
                assertTrue(ok.contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256"), l.getKey() + ": " + ok);
            }
        }
    }

    @Test
    void protocolsPropertyRefusesTls10And11() {
        for (String p : new String[] {"TLSv1.3,TLSv1.1", "TLSv1", "SSLv3", " , "}) {
            ConfigException x = assertThrows(ConfigException.class,
                    () -> new TlsMaterial(Settings.of(Map.of("radbridge.tls.protocols", p))), p);
            assertTrue(x.getMessage().contains("radbridge.tls.protocols"), x.getMessage());
        }
        assertEquals(List.of("TLSv1.2"), List.of(new TlsMaterial(Settings.of(Map.of("radbridge.tls.protocols", "TLSv1.2"))).protocols()));
    }
}
