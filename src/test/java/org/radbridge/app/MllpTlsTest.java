package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.settings.ConfigException;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;
import org.radbridge.tls.ReloadingStores;
import picocli.CommandLine;
import org.radbridge.testing.Waits;

/**
 * MLLP over TLS (radbridge.mllp.tls.port) with real peers: the replay CLI (Java) and openssl s_client
 * (OpenSSL) as MLLP clients. Mutual TLS required: a client certificate of the trusted CA is accepted, none,
 * one of another CA, or TLS 1.1 are refused and each refusal is audited; client authentication "want"
 * accepts clients with and without a certificate; a sender's TLS identity (hl7-senders.yaml tls-identity)
 * is checked; a replaced key store and trust store take effect without a restart.
 */
class MllpTlsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki otherCa;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(pkiDir.resolve("ca"), "radbridge-test-ca");
        pki.issue("server", "radbridge-a", true);
        pki.issue("server-b", "radbridge-b", true);
        pki.issue("emr", "demo-emr", false);
        pki.issue("other-emr", "other-emr", false);
        otherCa = TestPki.create(pkiDir.resolve("other"), "other-ca");
        otherCa.issue("stranger", "stranger", false);
        TestPki.truststore(pkiDir.resolve("client-trust.p12"), pki.caPem());
    }

    static String adt(String app, String id) {
        return "MSH|^~\\&|" + app + "|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|" + id + "|P|2.5.1\r"
                + "EVN|A04|20260101120000\rPID|1||MRN" + id + "^^^HOSP^MR||DOE^JANE||19800101|F\r";
    }

    Map<String, String> tls(String clientAuth, Path keystore, Path truststore) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.mllp.tls.port", "0");
        p.put("radbridge.tls.keystore", keystore.toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.truststore", truststore.toString());
        p.put("radbridge.tls.truststore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.client-auth", clientAuth);
        p.put("radbridge.audit.security-alert-interval-seconds", "0"); // each refusal its own record (aggregation: SecurityAlertsTest)
        p.put("radbridge.mllp.idle-timeout-seconds", "2"); // lets openssl s_client end after the ACK
        return p;
    }

    static int tlsPort(TestEngine e) {
        return e.mllpTlsPort();
    }

    /** openssl s_client as an MLLP client: sends one framed message, returns everything it printed. */
    static String sClient(int port, Path dir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                pki.caPem().toString(), "-verify_return_error", "-ign_eof"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(("\u000b" + adt("DEMO_EMR", "S" + System.nanoTime()) + "\u001c\r").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("openssl s_client did not end");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } finally {
            p.destroyForcibly();
        }
    }

    static String[] cert(TestPki ca, String name) {
        return new String[] {"-cert", ca.pem(name).toString(), "-key", ca.key(name).toString()};
    }

    static int replay(Path file, int port, Path keystore) {
        List<String> args = new ArrayList<>(List.of("replay", file.toString(), "--to", "127.0.0.1:" + port, "--quiet", "--tls",
                "--truststore", pkiDir.resolve("client-trust.p12").toString(), "--truststore-password", TestPki.PASSWORD));
        if (keystore != null) {
            args.addAll(List.of("--keystore", keystore.toString(), "--keystore-password", TestPki.PASSWORD));
        }
        return new CommandLine(new RadBridgeCli()).execute(args.toArray(String[]::new));
    }

    static List<JdbcAuditTrail.Stored> handshakeFailures(TestEngine e) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        List<JdbcAuditTrail.Stored> out;
        do {
            out = ((JdbcAuditTrail) e.app().engine().context().audit()).list(null, AuditEvent.SECURITY_ALERT, null, null, 1000)
                    .stream().filter(s -> s.event().detail().contains("tls-handshake-failed")).toList();
            Thread.sleep(50);
        } while (out.isEmpty() && System.currentTimeMillis() < end);
        return out;
    }

    @Test
    void mutualTlsRequiredAcceptsTrustedClientsAndRefusesOthersAudited() throws Exception {
        Path ts = TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem());
        try (TestEngine e = TestEngine.start(tls("need", pki.p12("server"), ts))) {
            int port = tlsPort(e);
            Path msg = tmp.resolve("adt.hl7");
            Files.writeString(msg, adt("DEMO_EMR", "R1"));
            assertEquals(0, replay(msg, port, pki.p12("emr")), "replay CLI with a client certificate: AA");
            assertNotEquals(0, replay(msg, port, null), "replay CLI without a client certificate is refused");

            String ok = sClient(port, tmp, cert(pki, "emr"));
            assertTrue(ok.contains("MSA|AA|"), ok);
            assertTrue(ok.contains("Protocol: TLSv1.3") || ok.contains("Protocol  : TLSv1.3"), "TLS 1.3 negotiated: " + ok);

            int before = handshakeFailures(e).size();
            String none = sClient(port, tmp);
            assertFalse(none.contains("MSA|"), "no ACK without a client certificate: " + none);
            String stranger = sClient(port, tmp, cert(otherCa, "stranger"));
            assertFalse(stranger.contains("MSA|"), "no ACK for a certificate of another CA: " + stranger);
            String old = sClient(port, tmp, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-cert", pki.pem("emr").toString(), "-key",
                    pki.key("emr").toString());
            assertFalse(old.contains("MSA|"), "TLS 1.1 is refused: " + old);

            long end = System.currentTimeMillis() + 5000;
            List<JdbcAuditTrail.Stored> f = handshakeFailures(e);
            while (f.size() < before + 3 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
                f = handshakeFailures(e);
            }
            assertTrue(f.size() >= before + 3, "each refused handshake is audited: " + f.size());
            for (JdbcAuditTrail.Stored s : f) {
                assertEquals("mllp-tls", s.event().objectId());
                assertTrue(s.event().source().contains("127.0.0.1"));
                assertTrue(JSON.readTree(s.event().detail()).path("refused").asBoolean());
            }
            String reasons = f.stream().map(s -> s.event().detail()).toList().toString();
            assertTrue(reasons.toLowerCase().contains("certificate"), reasons);
            assertTrue(reasons.toLowerCase().contains("protocol"), reasons);
        }
    }

    @Test
    void clientAuthWantAcceptsClientsWithAndWithoutCertificate() throws Exception {
        Path ts = TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem());
        try (TestEngine e = TestEngine.start(tls("want", pki.p12("server"), ts))) {
            assertTrue(sClient(tlsPort(e), tmp).contains("MSA|AA|"), "no certificate");
            assertTrue(sClient(tlsPort(e), tmp, cert(pki, "emr")).contains("MSA|AA|"), "with a certificate");
        }
    }

    @Test
    void senderTlsIdentityIsChecked() throws Exception {
        Path ts = TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem());
        Path overlay = tmp.resolve("overlay");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"), """
                senders:
                  - name: demo-emr
                    application: DEMO_EMR
                    tls-identity: "CN=demo-emr,O=RadBridge Test"
                """);
        Map<String, String> p = tls("need", pki.p12("server"), ts);
        p.put("radbridge.mappings.overlay-dir", overlay.toString());
        p.put("radbridge.peers.enforce", "true");
        try (TestEngine e = TestEngine.start(p)) {
            assertTrue(sClient(tlsPort(e), tmp, cert(pki, "emr")).contains("MSA|AA|"), "the sender's own certificate");
            String other = sClient(tlsPort(e), tmp, cert(pki, "other-emr"));
            assertTrue(other.contains("MSA|AR|"), "a trusted certificate of another system: " + other);
            assertTrue(other.contains("did not present the expected TLS identity"), other);
        }
    }

    @Test
    void replacedKeyStoreAndTrustStoreTakeEffectWithoutRestart() throws Exception {
        Path ks = tmp.resolve("engine.p12");
        Files.copy(pki.p12("server"), ks);
        Path ts = TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem());
        try (TestEngine e = TestEngine.start(tls("need", ks, ts))) {
            int port = tlsPort(e);
            String first = sClient(port, tmp, cert(pki, "emr"));
            assertTrue(first.contains("CN = radbridge-a") || first.contains("CN=radbridge-a"), first);
            assertFalse(sClient(port, tmp, cert(otherCa, "stranger")).contains("MSA|"));

            // renewal: the files are replaced in place (a new certificate; a second trusted CA)
            Path next = tmp.resolve("engine.p12.new");
            Files.copy(pki.p12("server-b"), next);
            Files.move(next, ks, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            TestPki.truststore(ts, pki.caPem(), otherCa.caPem());
            Waits.until("the renewed certificate served", Duration.ofMillis(ReloadingStores.CHECK_MILLIS + 20_000),
                    () -> sClient(port, tmp, cert(pki, "emr")).contains("radbridge-b"));

            String renewed = sClient(port, tmp, cert(pki, "emr"));
            assertTrue(renewed.contains("CN = radbridge-b") || renewed.contains("CN=radbridge-b"), renewed);
            assertTrue(renewed.contains("MSA|AA|"), renewed);
            assertTrue(sClient(port, tmp, cert(otherCa, "stranger")).contains("MSA|AA|"), "the newly trusted CA's client");
        }
    }

    @Test
    void clientAuthWithoutTrustStoreStopsStartUpNamingTheProperty() {
        Map<String, String> p = tls("need", pki.p12("server"), pkiDir);
        p.remove("radbridge.tls.truststore");
        ConfigException ex = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestEngine.start(p).close());
        assertTrue(ex.getMessage().contains("radbridge.tls.truststore"), ex.getMessage());
    }
}
