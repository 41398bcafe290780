package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;

/**
 * Known DICOM AEs and DICOM over TLS with real peers (DCMTK 3.6.7 echoscu / findscu): with
 * radbridge.peers.enforce=true an unknown calling AE gets A-ASSOCIATE-RJ (permanent, calling AE title not
 * recognized) and is audited; without enforcement it is accepted with a warning and audited once; on
 * radbridge.dicom.tls.port DCMTK's +tls (BCP 195 non-downgrading profile) echo and worklist query work with
 * the AE's certificate, an anonymous TLS client and one with a certificate of another CA are refused and
 * audited, and an AE's TLS identity is checked.
 */
class DicomSecurityTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki otherCa;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificates() throws Exception {
        Dcmtk.assumeAvailable("echoscu", "findscu");
        pki = TestPki.create(pkiDir.resolve("ca"), "radbridge-test-ca");
        pki.issue("engine", "radbridge", true);
        pki.issue("ct01", "CT01", false);
        pki.issue("mr01", "MR01", false);
        otherCa = TestPki.create(pkiDir.resolve("other"), "other-ca");
        otherCa.issue("stranger", "CT01", false);
    }

    static List<JdbcAuditTrail.Stored> alerts(TestEngine e, String kind) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        List<JdbcAuditTrail.Stored> out;
        do {
            out = ((JdbcAuditTrail) e.app().engine().context().audit()).list(null, AuditEvent.SECURITY_ALERT, null, null, 1000)
                    .stream().filter(s -> s.event().detail().contains(kind)).toList();
            if (!out.isEmpty()) {
                return out;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        return out;
    }

    @Test
    void unknownCallingAeIsRejectedAndAuditedWhenEnforcing() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "true"))) {
            Dcmtk.Result rogue = Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "ROGUE_AE", "RADBRIDGE");
            assertNotEquals(0, rogue.exitCode());
            assertTrue(rogue.all().contains("Association Rejected"), rogue.all());
            assertTrue(rogue.all().contains("Calling AE Title Not Recognized"), rogue.all());
            assertTrue(rogue.all().contains("Permanent"), rogue.all());
            Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE").assertOk("known AE");
            List<JdbcAuditTrail.Stored> a = alerts(e, "unknown-peer-refused");
            assertEquals(1, a.size());
            assertEquals("ROGUE_AE", a.get(0).event().principal());
            assertEquals("127.0.0.1", a.get(0).event().source());
        }
    }

    @Test
    void unknownCallingAeIsAcceptedWithAWarningAndAuditedWhenNotEnforcing() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "false"))) {
            Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "ROGUE_AE", "RADBRIDGE").assertOk("unknown AE, not enforcing");
            Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "ROGUE_AE", "RADBRIDGE").assertOk("again");
            List<JdbcAuditTrail.Stored> a = alerts(e, "unverified-peer-accepted");
            assertEquals(1, a.size(), "audited once per AE");
            assertFalse(JSON.readTree(a.get(0).event().detail()).path("refused").asBoolean());
        }
    }

    Map<String, String> tls(Path overlay) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.dicom.tls.port", "0");
        p.put("radbridge.tls.keystore", pki.p12("engine").toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.truststore", TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem()).toString());
        p.put("radbridge.tls.truststore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.client-auth", "need");
        p.put("radbridge.audit.security-alert-interval-seconds", "0"); // each refusal its own record (aggregation: SecurityAlertsTest)
        p.put("radbridge.peers.enforce", "true");
        if (overlay != null) {
            p.put("radbridge.mappings.overlay-dir", overlay.toString());
        }
        return p;
    }

    static String[] tlsArgs(TestPki ca, String name) {
        return new String[] {"+tls", ca.key(name).toString(), ca.pem(name).toString(), "+cf", pki.caPem().toString()};
    }

    @Test
    void dcmtkEchoAndWorklistQueryOverMutualTlsAndRefusalsAudited() throws Exception {
        try (TestEngine e = TestEngine.start(tls(null))) {
            int port = e.dicomTlsPort();
            Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", tlsArgs(pki, "ct01")).assertOk("echoscu +tls");
            Dcmtk.findscu(tmp, "127.0.0.1", port, "CT01", "RADBRIDGE", concat(tlsArgs(pki, "ct01"), "-W", "-k", "PatientName=*",
                    "-k", "ScheduledProcedureStepSequence[0].Modality=CT")).assertOk("findscu +tls -W");
            assertNotEquals(0, Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", "-to", "5").exitCode(), "plain TCP on the TLS port");
            assertNotEquals(0, Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", "+tla", "+cf", pki.caPem().toString()).exitCode(),
                    "anonymous TLS (no client certificate)");
            assertNotEquals(0, Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", tlsArgs(otherCa, "stranger")).exitCode(),
                    "a certificate of another CA");
            List<JdbcAuditTrail.Stored> a = alerts(e, "tls-handshake-failed");
            long end = System.currentTimeMillis() + 5000;
            while (a.size() < 3 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
                a = alerts(e, "tls-handshake-failed");
            }
            assertTrue(a.size() >= 3, "each refused handshake audited: " + a.size());
            assertTrue(a.stream().allMatch(s -> "dicom-tls".equals(s.event().objectId())), a.toString());
        }
    }

    @Test
    void aeTlsIdentityIsChecked() throws Exception {
        Path overlay = tmp.resolve("overlay");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/dicom-aes.yaml"), """
                aes:
                  - ae-title: CT01
                    services: ["*"]
                    tls-identity: "CN=CT01,O=RadBridge Test"
                """);
        try (TestEngine e = TestEngine.start(tls(overlay))) {
            int port = e.dicomTlsPort();
            Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", tlsArgs(pki, "ct01")).assertOk("its own certificate");
            Dcmtk.Result other = Dcmtk.echoscu("127.0.0.1", port, "CT01", "RADBRIDGE", tlsArgs(pki, "mr01"));
            assertNotEquals(0, other.exitCode());
            assertTrue(other.all().contains("Calling AE Title Not Recognized"), other.all());
            JsonNode d = JSON.readTree(alerts(e, "unknown-peer-refused").get(0).event().detail());
            assertTrue(d.path("reason").asText().contains("TLS identity"), d.toString());
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
