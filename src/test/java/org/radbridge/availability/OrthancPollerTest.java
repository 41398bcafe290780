package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.OrthancPeer;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.fhir.testing.FhirServerExtension;
import org.radbridge.fhir.testing.FhirTestServer;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * The Orthanc poller against real peers: Orthanc 1.10 (apt package orthanc) as the PACS, DCMTK storescu as the
 * modality, an MLLP receiver as the EMR and the HAPI FHIR JPA server. A study is stored into Orthanc; once Orthanc
 * reports it StableStudy the poller sends it through study-available: the EMR gets the ORU^R01 and the FHIR server
 * shows the ImagingStudy available (still based on the order's ServiceRequest). A study without an order, under each
 * policy at once (three EMR destinations: notify, hold, reconcile), until its order arrives.
 */
@Timeout(300)
@ExtendWith(FhirServerExtension.class)
class OrthancPollerTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void peers() {
        OrthancPeer.assumeAvailable();
        Dcmtk.assumeAvailable("storescu", "dump2dcm");
    }

    /** A one-pixel Secondary Capture image of a study (dump2dcm), stored into Orthanc with storescu. */
    static void store(Path dir, OrthancPeer orthanc, String studyUid, String accession, String patientId, String modality,
            int instances) throws Exception {
        for (int i = 1; i <= instances; i++) {
            String dump = """
                    (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
                    (0008,0018) UI [%1$s.1.%2$d]
                    (0008,0020) DA [20261201]
                    (0008,0030) TM [093512]
                    (0008,0050) SH [%3$s]
                    (0008,0060) CS [%5$s]
                    (0008,1030) LO [SYNTHETIC STUDY]
                    (0010,0010) PN [SYNTHETIC^PATIENT]
                    (0010,0020) LO [%4$s]
                    (0010,0021) LO [HOSP]
                    (0010,0030) DA [19700101]
                    (0010,0040) CS [O]
                    (0020,000d) UI [%1$s]
                    (0020,000e) UI [%1$s.1]
                    (0020,0011) IS [1]
                    (0020,0013) IS [%2$d]
                    (0028,0002) US 1
                    (0028,0004) CS [MONOCHROME2]
                    (0028,0010) US 1
                    (0028,0011) US 1
                    (0028,0100) US 8
                    (0028,0101) US 8
                    (0028,0102) US 7
                    (0028,0103) US 0
                    (7fe0,0010) OB 00\\00
                    """.formatted(studyUid, i, accession, patientId, modality);
            Path f = Dcmtk.dump2dcm(dump, dir.resolve("img" + Math.abs(studyUid.hashCode()) + "-" + i + ".dcm"));
            Dcmtk.run(dir, "storescu", "-aet", "CT01", "-aec", "ORTHANC", "127.0.0.1", String.valueOf(orthanc.dicomPort()),
                    f.toString()).assertOk("storescu");
        }
    }

    static Map<String, String> props(FhirTestServer fhir, OrthancPeer orthanc) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.fhir.url", fhir.baseUrl());
        p.put("radbridge.availability.orthanc.url", orthanc.url());
        p.put("radbridge.availability.poll-ms", "300");
        p.put("radbridge.availability.rematch-seconds", "1");
        p.put("radbridge.outbox.poll-ms", "100");
        p.put("radbridge.outbox.backoff-initial-ms", "100");
        p.put("radbridge.outbox.backoff-max-ms", "1000");
        p.put("radbridge.outbox.max-attempts", "10000");
        return p;
    }

    static String order(String scenario) throws Exception {
        return Files.readString(Scenarios.messages(Scenarios.dir(scenario)).get(0), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void aStableStudyInOrthancReachesTheEmrAndFhir(FhirTestServer fhir) throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.pacs(1); MllpReceiver emr = MllpReceiver.start()) {
            Map<String, String> p = props(fhir, orthanc);
            p.put("radbridge.emr.mllp", emr.address());
            try (TestEngine e = TestEngine.start(p)) {
                FhirFlows.sendAccepted(e, order("orm-o01-ris-new-ct"));
                FhirFlows.awaitDelivered(e, 60_000);
                store(tmp, orthanc, "1.2.826.0.1.3680043.10.543.1001", "ACC1001", "PAT1001", "CT", 2);
                assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(60)), "the EMR gets the notification; Orthanc log:\n" + orthanc.log());
                String oru = emr.received().get(0).text();
                assertEquals("ORU", Hl7Text.field(oru, "MSH", 9).substring(0, 3));
                assertEquals("1.2.826.0.1.3680043.10.543.1001", Hl7Text.field(oru, "OBX", 5));
                assertEquals("ACC1001", Hl7Text.field(oru, "OBR", 18));
                assertEquals(List.of(), emr.hapiErrors());
                FhirFlows.awaitDelivered(e, 60_000);
                JsonNode study = FhirFlows.one(fhir, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.543.1001");
                assertEquals("available", study.path("status").asText());
                assertEquals(1, study.path("numberOfSeries").asInt());
                assertEquals(2, study.path("numberOfInstances").asInt());
                assertEquals("CT", study.path("series").path(0).path("modality").path("code").asText());
                assertTrue(study.path("basedOn").path(0).path("reference").asText().startsWith("ServiceRequest/"),
                        "the merge keeps the order's link: " + study);
                assertEquals("COMPLETED", StudyAvailableTest.worklist(e).trim().split(" ")[1]);
                JsonNode journal = AvailabilityScenarios.JSON.readTree(e.get("/api/messages?type=study-available").body());
                assertEquals("orthanc-poller", journal.path(0).path("channel").asText(), journal.toString());
            }
        }
    }

    @Test
    void aStudyWithoutOrderUnderEachPolicy(FhirTestServer fhir) throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.pacs(1); MllpReceiver notify = MllpReceiver.start();
                MllpReceiver hold = MllpReceiver.start(); MllpReceiver reconcile = MllpReceiver.start()) {
            Path overlay = tmp.resolve("overlay");
            Files.createDirectories(overlay.resolve("peers"));
            Files.createDirectories(overlay.resolve("to-hl7"));
            Files.writeString(overlay.resolve("peers/hl7-destinations.yaml"), """
                    destinations:
                      - name: emr
                        application: DEMO_EMR
                        facility: MAINHOSP
                      - name: emr-notify
                        address: %s
                      - name: emr-hold
                        address: %s
                      - name: emr-reconcile
                        address: %s
                    """.formatted(notify.address(), hold.address(), reconcile.address()));
            Files.writeString(overlay.resolve("to-hl7/study-available.yaml"), """
                    to:
                      - {destination: emr-notify, shape: oru, no-order: notify}
                      - {destination: emr-hold, shape: oru, no-order: hold}
                      - {destination: emr-reconcile, shape: status, no-order: reconcile}
                    """);
            Map<String, String> p = props(fhir, orthanc);
            p.put("radbridge.mappings.overlay-dir", overlay.toString());
            try (TestEngine e = TestEngine.start(p)) {
                String uid = "1.2.826.0.1.3680043.10.543.6001";
                store(tmp, orthanc, uid, "ACC6001", "PAT6001", "CT", 1);
                assertTrue(notify.awaitProcessed(1, Duration.ofSeconds(60)), "notify: at once; Orthanc log:\n" + orthanc.log());
                String oru = notify.received().get(0).text();
                assertEquals("PAT6001^^^HOSP", Hl7Text.field(oru, "PID", 3), "the PACS's patient identifiers");
                assertEquals(uid, Hl7Text.field(oru, "OBX", 5));
                FhirFlows.awaitDelivered(e, 60_000);
                assertEquals("available", FhirFlows.one(fhir, "ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + uid).path("status").asText());
                JsonNode open = AvailabilityScenarios.JSON.readTree(e.get("/api/availability/unmatched").body());
                assertEquals(2, open.size(), open.toString());
                assertTrue(e.get("/metrics").body().contains("radbridge_studies_unmatched{state=\"held\"} 1"));
                assertEquals(0, hold.received().size(), "hold: nothing yet");
                assertEquals(0, reconcile.received().size(), "reconcile: nothing yet");

                FhirFlows.sendAccepted(e, order("omi-o23-ris-two-ipc"));
                assertTrue(hold.awaitProcessed(1, Duration.ofSeconds(60)), "hold: released once the order arrived");
                assertTrue(reconcile.awaitProcessed(1, Duration.ofSeconds(60)), "reconcile: resolved by the order");
                assertEquals("ORU", Hl7Text.field(hold.received().get(0).text(), "MSH", 9).substring(0, 3));
                assertEquals("PAT6001^^^HOSP^MR", Hl7Text.field(hold.received().get(0).text(), "PID", 3), "now the order's PID");
                assertEquals("CM", Hl7Text.field(reconcile.received().get(0).text(), "ORC", 5));
                assertEquals(0, AvailabilityScenarios.JSON.readTree(e.get("/api/availability/unmatched").body()).size());
                assertTrue(StudyAvailableTest.worklist(e).contains("SPS6001A COMPLETED"));
            }
        }
    }

    @Test
    void anIanIsCompletedFromOrthancsRestApi(FhirTestServer fhir) throws Exception {
        ianCompletedFromThePacs(fhir, false);
    }

    @Test
    void anIanIsCompletedByCFind(FhirTestServer fhir) throws Exception {
        ianCompletedFromThePacs(fhir, true);
    }

    void ianCompletedFromThePacs(FhirTestServer fhir, boolean cfind) throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.pacs(3600); MllpReceiver emr = MllpReceiver.start()) {
            Map<String, String> p = props(fhir, orthanc);
            p.put("radbridge.emr.mllp", emr.address());
            if (cfind) {
                p.remove("radbridge.availability.orthanc.url");
                p.put("radbridge.availability.cfind", "ORTHANC@127.0.0.1:" + orthanc.dicomPort());
            }
            try (TestEngine e = TestEngine.start(p)) {
                FhirFlows.sendAccepted(e, order("orm-o01-ris-new-ct"));
                String uid = "1.2.826.0.1.3680043.10.543.1777";
                store(tmp, orthanc, uid, "ACC1001", "PAT1001", "CT", 3);
                Map<String, Object> ian = Map.of("op", "ncreate", "sopClass", org.radbridge.dicom.UID.InstanceAvailabilityNotification,
                        "sopInstance", "1.2.826.0.1.3680043.10.543.99.77", "dataset", Map.of("StudyInstanceUID", uid,
                                "ReferencedSeriesSequence", List.of(Map.of("SeriesInstanceUID", uid + ".1"))));
                List<JsonNode> r = org.radbridge.testing.DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "PACS", "RADBRIDGE", List.of(ian));
                assertEquals(0, r.get(0).path("status").asInt(), r.toString());
                assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(60)));
                String oru = emr.received().get(0).text();
                assertEquals("ACC1001", Hl7Text.field(oru, "OBR", 18), "matched by the accession Orthanc knows");
                assertEquals(uid, Hl7Text.field(oru, "OBX", 5));
                assertEquals("CT", Hl7Text.field(oru, "OBR", 24));
                List<Long> ids = AvailabilityScenarios.events(e);
                assertEquals(1, ids.size(), "only the IAN: the poller (if on) did not announce it, not stable yet");
                JsonNode event = AvailabilityScenarios.JSON.readTree(AvailabilityScenarios.JSON.readTree(
                        e.get("/api/messages/" + ids.get(0)).body()).path("raw").asText());
                assertEquals(3, event.path("series").path(0).path("numberOfInstances").asInt(), "the counts are Orthanc's: " + event);
                assertEquals("ian", event.path("source").asText());
                assertEquals("PAT1001", event.path("patientId").asText(), "the patient from Orthanc");
            }
        }
    }
}
