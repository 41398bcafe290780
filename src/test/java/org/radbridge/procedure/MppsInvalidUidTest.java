package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.Status;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Ports;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Issue 11 item 14: an MPPS whose SOP Instance UID breaks PS3.5 9.1 (a letter, 74 characters, a leading zero) is
 * answered 0117 Invalid Object Instance — N-CREATE and N-SET alike, an N-SET of a valid but unknown UID stays 0112 —
 * and is journaled REJECTED without any effect: nothing stored, no EMR status message, no FHIR Bundle, no forward to
 * the PACS. A referenced Study Instance UID that breaks the syntax is 0106. dcmjs-dimse is the modality and the PACS.
 */
@Timeout(180)
class MppsInvalidUidTest {

    private static final String UID = "1.2.826.0.1.3680043.10.543.97001";
    private static final String LONG = "1.2.826.0.1.3680043.10.543." + "1".repeat(47); // 74 characters

    @Test
    void invalidInstanceUidsAre0117AndChangeNothing(@TempDir Path overlay) throws Exception {
        int port = Ports.free();
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve(MppsForwarding.FILE), "destinations:\n"
                + "  - name: mpps-pacs\n    ae-title: PACS\n    address: 127.0.0.1:" + port + "\n    from: [CT01]\n");
        assertEquals(74, LONG.length());
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = TestEngine.start(MppsScenarios.props(emr.address(), overlay));
                DcmjsDimse.Scp pacs = DcmjsDimse.scp("PACS", 0, port)) {
            MppsScenarios.sendOrders(e, Scenarios.dir("mpps-scheduled"));
            Map<String, Object> badStudy = MppsRefusalTest.create(UID + ".5");
            ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) badStudy.get("dataset"))
                    .get("ScheduledStepAttributesSequence")).get(0)).put("StudyInstanceUID", "1.2.840.0099.1");
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "CT01", "RADBRIDGE", List.of(
                    MppsRefusalTest.create("1.2.abc.3"), MppsRefusalTest.create("01.2.3"),
                    MppsRefusalTest.create("1..2"), MppsRefusalTest.set("1.2.abc.3", "COMPLETED"),
                    MppsRefusalTest.set(UID + ".404", "COMPLETED"), badStudy,
                    MppsRefusalTest.create(UID))); // the one valid MPPS: proves the flow works and shows the order
            List<String> statuses = new ArrayList<>();
            r.forEach(n -> statuses.add(String.format("%04X", n.path("status").asInt())));
            assertEquals(List.of("0117", "0117", "0117", "0117", "0112", "0106", "0000"), statuses, r.toString());
            // dcmjs-dimse cuts a UID at 64 characters: the 74-character one goes with RadBridge's own SCU
            AAssociateRQ rq = new AAssociateRQ();
            rq.setCallingAE("CT01");
            rq.setCalledAE("RADBRIDGE");
            rq.addPresentationContext(MppsScenarios.MPPS, org.radbridge.dicom.UID.ExplicitVRLittleEndian);
            try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq)) {
                DimseResponse create = as.nCreate(MppsScenarios.MPPS, LONG, MppsRulesTest.create());
                assertEquals(Status.INVALID_OBJECT_INSTANCE, create.status(), create.toString());
                assertEquals(null, create.command().getString(Tag.AffectedSOPInstanceUID), "an invalid UID is not echoed");
                assertEquals(Status.INVALID_OBJECT_INSTANCE, as.nSet(MppsScenarios.MPPS, LONG, new Attributes()).status());
            }

            // the valid one went everywhere; the refused ones nowhere
            List<JsonNode> forwarded = pacs.await(1, 30_000);
            assertTrue(MppsScenarios.awaitDrained(e, "mpps-pacs", 20_000));
            assertTrue(MppsScenarios.awaitDrained(e, "emr", 20_000));
            assertEquals(1, pacs.received().size(), pacs.received().toString());
            assertEquals(UID, forwarded.get(0).path("sopInstance").asText());
            JsonNode stored = MppsScenarios.get(e, "/api/procedures?limit=1000");
            assertEquals(1, stored.size(), stored.toString());
            assertEquals(UID, stored.get(0).path("sopInstanceUid").asText());
            assertEquals(1, emr.processedTexts().size(), "the IP of the valid MPPS only: " + emr.processedTexts());
            for (String bundle : MppsScenarios.fhirBundles(e)) {
                assertTrue(!bundle.contains("1.2.abc.3") && !bundle.contains(LONG) && !bundle.contains("01.2.3"), bundle);
            }
            JsonNode rejected = MppsScenarios.get(e, "/api/messages?status=REJECTED&limit=100");
            int invalid = 0;
            for (JsonNode m : rejected) {
                invalid += m.toString().contains("0117") ? 1 : 0;
            }
            assertEquals(6, invalid, "each 0117 journaled REJECTED: " + rejected);
        }
    }
}
