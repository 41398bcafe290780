package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.service.BasicCFindScp;
import org.radbridge.dicom.net.service.BasicQueryTask;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.QueryTask;
import org.radbridge.dicom.net.service.VerificationScp;

/** Release initiated by the acceptor, requestor-side ARTIM, and C-FIND pending warning FF01. */
@Timeout(60)
class AssociationLifecycleTest {

    @Test
    void acceptorInitiatedRelease() throws Exception {
        try (DicomServer server = NetTestSupport.start(new DicomServiceRegistry().add(new VerificationScp()),
                new AssociationSettings())) {
            Association scu = NetTestSupport.open(server, UID.Verification);
            assertEquals(Status.SUCCESS, scu.echo().status());
            Association scp = server.activeAssociations().iterator().next();
            scp.release();
            assertTrue(scu.awaitClose(5, TimeUnit.SECONDS));
            assertEquals("released by peer", scu.closeReason());
            assertEquals("released", scp.closeReason());
        }
    }

    @Test
    void requestorGivesUpWhenNoAcceptArrivesWithinArtim() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the client aborts and closes
                }
            });
            t.start();
            long t0 = System.nanoTime();
            AssociationException e = assertThrows(AssociationException.class, () -> new DicomClient()
                    .settings(new AssociationSettings().artimTimeout(300))
                    .connect("127.0.0.1", silent.getLocalPort(), NetTestSupport.rq("A", "B", UID.Verification)));
            assertTrue(e.getMessage().contains("ARTIM"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
            t.join(5000);
        }
    }

    @Test
    void pendingWarningWhenOptionalKeysAreNotSupported() throws Exception {
        BasicCFindScp scp = new BasicCFindScp(UID.ModalityWorklistInformationModelFind) {
            @Override
            protected QueryTask calculateMatches(Association as, PresentationContext pc, Attributes rq, Attributes keys) {
                Attributes match = new Attributes();
                match.setString(Tag.PatientID, VR.LO, "X1");
                List<Attributes> one = List.of(match);
                return new BasicQueryTask(keys, "ISO_IR 192") {
                    int i;

                    @Override
                    public boolean hasMoreMatches() {
                        return i < one.size();
                    }

                    @Override
                    protected Attributes next() {
                        return one.get(i++);
                    }

                    @Override
                    public boolean optionalKeysNotSupported() {
                        return true;
                    }
                };
            }
        };
        try (DicomServer server = NetTestSupport.start(new DicomServiceRegistry().add(scp), new AssociationSettings());
                Association as = NetTestSupport.open(server, UID.ModalityWorklistInformationModelFind)) {
            Attributes keys = new Attributes();
            keys.setNull(Tag.PatientID, VR.LO);
            keys.setString(Tag.PatientComments, VR.LT, "unsupported*");
            FindResponses rsp = as.find(UID.ModalityWorklistInformationModelFind, keys);
            DimseResponse first = rsp.next();
            assertEquals(Status.PENDING_WARNING, first.status());
            assertEquals("X1", first.data().getString(Tag.PatientID));
            assertEquals("ISO_IR 192", first.data().getString(Tag.SpecificCharacterSet), "configured response charset");
            assertTrue(first.data().contains(Tag.PatientComments), "requested key returned (empty)");
            assertEquals(Status.SUCCESS, rsp.finalResponse().status());
        }
    }
}
