package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRJ;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.AssociationException;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.TestEngine;

/**
 * The engine's DICOM listener and its known peers (mappings/peers/dicom-aes.yaml): with
 * radbridge.peers.enforce=true an unknown calling AE gets A-ASSOCIATE-RJ (permanent, calling AE title not
 * recognized) and the refusal is audited; a known AE may use only its services (0124 otherwise); without
 * enforcement unknown AEs are accepted and audited once; the optional TLS listener serves the same
 * services.
 */
@Timeout(180)
class DicomListenerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static AAssociateRQ rq(String calling) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(calling);
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian);
        return rq;
    }

    static JsonNode audit(TestEngine e, String type) throws Exception {
        return JSON.readTree(e.get("/api/audit?type=" + type).body());
    }

    static Attributes anyQuery() {
        Attributes k = new Attributes();
        k.setNull(Tag.PatientName, VR.PN);
        k.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setNull(Tag.Modality, VR.CS);
        return k;
    }

    @Test
    void enforcedPeersRefuseUnknownCallingAes() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "true"))) {
            AssociationException ex = assertThrows(AssociationException.class,
                    () -> new DicomClient().connect("127.0.0.1", e.dicomPort(), rq("INTRUDER")).close());
            AAssociateRJ rj = ex.reject();
            assertNotNull(rj, ex.toString());
            assertEquals(AAssociateRJ.RESULT_PERMANENT, rj.result());
            assertEquals(AAssociateRJ.SOURCE_SERVICE_USER, rj.source());
            assertEquals(AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED, rj.reason());
            JsonNode alerts = audit(e, "SECURITY_ALERT");
            assertTrue(alerts.toString().contains("INTRUDER") && alerts.toString().contains("unknown-peer-refused"), alerts.toString());
            if (Dcmtk.available("echoscu")) {
                Dcmtk.Result r = Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "INTRUDER", "RADBRIDGE");
                assertTrue(r.exitCode() != 0 && r.all().contains("Calling AE Title Not Recognized"), r.all());
                Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "ECHOSCU", "RADBRIDGE").assertOk("known AE");
            }
        }
    }

    @Test
    void knownAesUseOnlyTheirServices() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "true"));
                Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq("ECHOSCU"))) {
            assertEquals(Status.SUCCESS, as.echo().status());
            FindResponses r = as.find(UID.ModalityWorklistInformationModelFind, anyQuery());
            assertEquals(Status.NOT_AUTHORIZED, r.finalResponse().status(), "ECHOSCU may only use verification");
            assertTrue(r.finalResponse().errorComment().contains("mwl"), r.finalResponse().errorComment());
            assertTrue(audit(e, "SECURITY_ALERT").toString().contains("service-refused"));
        }
    }

    @Test
    void withoutEnforcementUnknownAesAreAcceptedAndAudited() throws Exception {
        try (TestEngine e = TestEngine.start();
                Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq("STRANGER"))) {
            assertEquals(Status.SUCCESS, as.echo().status());
            assertEquals(Status.SUCCESS, as.find(UID.ModalityWorklistInformationModelFind, anyQuery()).finalResponse().status());
            String alerts = audit(e, "SECURITY_ALERT").toString();
            assertTrue(alerts.contains("STRANGER") && alerts.contains("unverified-peer-accepted"), alerts);
            assertTrue(JSON.readTree(e.get("/health").body()).path("checks").path("dicom").path("status").asText().equals("UP"));
        }
    }

    @Test
    void everyQueryIsAuditedWithCallingAeAndKeys() throws Exception {
        try (TestEngine e = TestEngine.start();
                Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq("CT01"))) {
            Attributes k = anyQuery();
            k.setString(Tag.PatientID, VR.LO, "P42");
            as.find(UID.ModalityWorklistInformationModelFind, k).finalResponse();
            JsonNode q = null;
            for (int i = 0; i < 100 && (q == null || q.isEmpty()); i++) {
                q = audit(e, "QUERY");
                Thread.sleep(20);
            }
            assertEquals("CT01", q.get(0).path("principal").asText());
            assertTrue(q.get(0).path("detail").asText().contains("\"PatientID\":\"P42\""), q.toString());
            assertTrue(e.get("/metrics").body().contains("radbridge_mwl_queries_total{calling_ae=\"CT01\"}"));
        }
    }

    @Test
    void tlsListenerServesTheSameServices(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("engine.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "radbridge", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool");
        try (TestEngine e = TestEngine.start(Map.of("radbridge.dicom.tls.port", "0",
                "radbridge.tls.keystore", ks.toString(), "radbridge.tls.keystore-password", "changeit"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(ks.toFile())) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (Association as = new DicomClient().tls(ctx.getSocketFactory()).connect("127.0.0.1", e.dicomTlsPort(), rq("CT01"))) {
                assertEquals(Status.SUCCESS, as.echo().status());
                assertEquals(Status.SUCCESS, as.find(UID.ModalityWorklistInformationModelFind, anyQuery()).finalResponse().status());
            }
        }
    }
}
