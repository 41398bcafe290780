package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRJ;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.AssociationException;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.Pdu;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.TestEngine;

/**
 * Issue 11 items 17 and 18 on the engine's DICOM listener (mappings/peers/dicom-aes.yaml peers): a known AE's request
 * for another SOP class than its presentation context's is 0122 (not 0124), an MPPS N-CREATE on the worklist context
 * is 0122 and stores nothing; an all-spaces calling AE is refused also without known-peer enforcement; with
 * enforcement, 50 peers trickling association requests neither exhaust the associations nor delay DCMTK's echoscu.
 */
@Timeout(180)
class DicomListenerEdgesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MPPS = "1.2.840.10008.3.1.2.3.3";

    static AAssociateRQ rq(String calling, String... sopClasses) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(calling);
        rq.setCalledAE("RADBRIDGE");
        for (String cuid : sopClasses) {
            rq.addPresentationContext(cuid, UID.ExplicitVRLittleEndian);
        }
        return rq;
    }

    static DimseResponse send(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws Exception {
        return as.invokeAndWait(pc, cmd, data);
    }

    @Test
    void requestsMustMatchTheirPresentationContext() throws Exception {
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "true"))) {
            Attributes keys = new Attributes();
            keys.setNull(Tag.PatientName, VR.PN);
            try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(),
                    rq("FINDSCU", UID.ModalityWorklistInformationModelFind))) {
                PresentationContext mwl = as.presentationContextFor(UID.ModalityWorklistInformationModelFind);
                DimseResponse r = send(as, mwl, Dimse.cFindRQ(as.nextMessageId(), UID.PatientRootQueryRetrieveInformationModelFind,
                        Dimse.PRIORITY_MEDIUM), keys);
                assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, r.status(), "C-FIND of another SOP class on the MWL context");
                assertEquals(Status.SUCCESS, as.find(UID.ModalityWorklistInformationModelFind, keys).finalResponse().status());
            }
            try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(),
                    rq("CT01", UID.ModalityWorklistInformationModelFind))) {
                PresentationContext mwl = as.presentationContextFor(UID.ModalityWorklistInformationModelFind);
                Attributes mpps = new Attributes();
                mpps.newSequence(Tag.ScheduledStepAttributesSequence).addItem()
                        .setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.543.1001");
                mpps.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS95001");
                mpps.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
                mpps.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261201");
                mpps.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "093000");
                mpps.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
                mpps.setString(Tag.Modality, VR.CS, "CT");
                DimseResponse r = send(as, mwl, Dimse.nCreateRQ(as.nextMessageId(), MPPS, "1.2.826.0.1.3680043.10.543.95001"),
                        mpps);
                assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, r.status(), "MPPS N-CREATE on the MWL context");
            }
            String stored = e.get("/api/procedures").body();
            assertEquals(0, JSON.readTree(stored).size(), "nothing stored: " + stored);
        }
    }

    @Test
    void allSpacesCallingAeIsRefusedWithoutEnforcement() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            AssociationException ex = assertThrows(AssociationException.class, () -> new DicomClient()
                    .connect("127.0.0.1", e.dicomPort(), rq("                ", UID.Verification)).close());
            AAssociateRJ rj = ex.reject();
            assertNotNull(rj, ex.toString());
            assertEquals(new AAssociateRJ(AAssociateRJ.RESULT_PERMANENT, AAssociateRJ.SOURCE_SERVICE_USER,
                    AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED), rj);
            try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq("STRANGER", UID.Verification))) {
                assertEquals(Status.SUCCESS, as.echo().status(), "an unknown but proper AE is still accepted");
            }
        }
    }

    @Test
    void fiftyTricklingPeersDoNotKeepAKnownAeOut() throws Exception {
        Dcmtk.assumeAvailable("echoscu");
        try (TestEngine e = TestEngine.start(Map.of("radbridge.peers.enforce", "true", "radbridge.dicom.artim-seconds", "5"))) {
            byte[] request = Pdu.encode(rq("SLOW", UID.Verification));
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", e.dicomPort()), 5000);
                    s.getOutputStream().write(request, 0, 10 + i % 7);
                    slow.add(s);
                }
                long t0 = System.nanoTime();
                Dcmtk.echoscu("127.0.0.1", e.dicomPort(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu next to 50 slow peers");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 5000, "echoscu answered within a few seconds, took " + ms + " ms");
                String health = e.get("/health").body();
                assertTrue(JSON.readTree(health).path("checks").path("dicom").path("status").asText().equals("UP"), health);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }
}
