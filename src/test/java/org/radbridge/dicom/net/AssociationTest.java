package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;
import org.radbridge.dicom.testing.Samples;
import org.radbridge.dicom.testing.TestServices;

/** Our SCU against our SCP over real loopback sockets: DIMSE services, negotiation and fragmentation. */
@Timeout(60)
class AssociationTest {

    DicomServer server;
    TestServices.ListWorklistScp worklist;
    TestServices.RecordingNScp mpps;

    @BeforeEach
    void start() throws Exception {
        List<Attributes> items = new ArrayList<>();
        items.add(Samples.worklistItem("ISO_IR 192", "Müller^Jürgen", "PID1", "ACC1", "CT", "CT01", "20250615", "093000", "SPS1"));
        items.add(Samples.worklistItem(null, "DOE^JOHN", "PID2", "ACC2", "MR", "MR01", "20250616", "100000", "SPS2"));
        items.add(Samples.worklistItem(null, "ROE^JANE", "PID3", "ACC3", "CT", "CT01", "20250701", "110000", "SPS3"));
        worklist = new TestServices.ListWorklistScp(items, 0, null);
        mpps = new TestServices.RecordingNScp(UID.ModalityPerformedProcedureStep, UID.InstanceAvailabilityNotification);
        DicomServiceRegistry registry = new DicomServiceRegistry().add(new VerificationScp()).add(worklist).add(mpps);
        server = NetTestSupport.start(registry, new AssociationSettings().maxPduLengthReceive(1024));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void echoAndRelease() throws Exception {
        Association as = NetTestSupport.open(server, UID.Verification);
        assertTrue(as.isOpen());
        assertEquals(Status.SUCCESS, as.echo().status());
        assertEquals(Status.SUCCESS, as.echo().status());
        as.release();
        assertFalse(as.isOpen());
        assertEquals("released", as.closeReason());
        NetTestSupport.awaitNoAssociations(server);
        assertTrue(server.activeAssociations().isEmpty());
    }

    @Test
    void findReturnsPendingMatchesWithReturnKeysOnly() throws Exception {
        try (Association as = NetTestSupport.open(server, UID.ModalityWorklistInformationModelFind)) {
            FindResponses rsp = as.find(UID.ModalityWorklistInformationModelFind, Samples.worklistQuery("CT", null, null));
            List<Attributes> matches = new ArrayList<>();
            while (rsp.hasNext()) {
                DimseResponse r = rsp.next();
                assertEquals(Status.PENDING, r.status());
                matches.add(r.data());
            }
            assertEquals(Status.SUCCESS, rsp.finalResponse().status());
            assertEquals(2, matches.size());
            Attributes first = matches.get(0);
            assertEquals("Müller^Jürgen", first.getString(Tag.PatientName));
            assertEquals("ISO_IR 192", first.getString(Tag.SpecificCharacterSet),
                    "non-ASCII answered in ISO_IR 192 when the request names no set (PS3.4 C.4.1.1.3.2)");
            assertNull(first.get(Tag.PatientBirthDate), "not requested, not returned");
            Attributes sps = first.getNestedItem(Tag.ScheduledProcedureStepSequence);
            assertEquals("SPS1", sps.getString(Tag.ScheduledProcedureStepID));
            assertNull(sps.get(Tag.ScheduledStationName), "not requested inside the SPS item");
            assertFalse(matches.get(1).contains(Tag.SpecificCharacterSet), "ASCII-only match: default repertoire");
        }
    }

    @Test
    void findFailureCarriesStatusAndErrorComment() throws Exception {
        try (Association as = NetTestSupport.open(server, UID.ModalityWorklistInformationModelFind)) {
            DimseResponse last = as.find(UID.ModalityWorklistInformationModelFind, Samples.worklistQuery("XX", null, null))
                    .finalResponse();
            assertEquals(Status.UNABLE_TO_PROCESS, last.status());
            assertEquals("Modality XX refused by test", last.errorComment());
        }
    }

    @Test
    void cancelStopsTheQuery() throws Exception {
        List<Attributes> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(Samples.worklistItem(null, "P^" + i, "ID" + i, "A" + i, "CT", "CT01", "20250615", "093000", "S" + i));
        }
        TestServices.ListWorklistScp slow = new TestServices.ListWorklistScp(many, 20, null);
        try (DicomServer s2 = NetTestSupport.start(new DicomServiceRegistry().add(slow).add(new VerificationScp()),
                new AssociationSettings());
                Association as = NetTestSupport.open(s2, UID.ModalityWorklistInformationModelFind, UID.Verification)) {
            FindResponses rsp = as.find(UID.ModalityWorklistInformationModelFind, Samples.worklistQuery(null, null, null));
            rsp.next();
            rsp.next();
            rsp.cancel();
            int more = 0;
            while (rsp.hasNext()) {
                rsp.next();
                more++;
            }
            assertEquals(Status.CANCEL, rsp.finalResponse().status());
            assertTrue(more < 50, "stopped promptly, " + more + " more after cancel");
            assertTrue(slow.canceled.get());
            assertEquals(Status.SUCCESS, as.echo().status(), "association still usable after cancel");
        }
    }

    @Test
    void nCreateNSetAndEventReport() throws Exception {
        try (Association as = NetTestSupport.open(server, UID.ModalityPerformedProcedureStep, UID.InstanceAvailabilityNotification)) {
            Attributes create = Samples.mppsInProgress();
            DimseResponse c = as.nCreate(UID.ModalityPerformedProcedureStep, null, create);
            assertEquals(Status.SUCCESS, c.status());
            String iuid = c.affectedSopInstanceUid();
            assertNotNull(iuid, "SCP assigns the instance UID when the SCU does not");
            assertEquals("Müller^Jürgen", mpps.instances.get(iuid).getString(Tag.PatientName));

            assertEquals(Status.DUPLICATE_SOP_INSTANCE, as.nCreate(UID.ModalityPerformedProcedureStep, iuid, create).status());

            Attributes mod = new Attributes();
            mod.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
            mod.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20250615");
            Attributes exposure = mod.newSequence(Tag.ExposureDoseSequence).addItem();
            exposure.setString(Tag.KVP, VR.DS, "120");
            DimseResponse s = as.nSet(UID.ModalityPerformedProcedureStep, iuid, mod);
            assertEquals(Status.SUCCESS, s.status());
            assertEquals(iuid, s.affectedSopInstanceUid());
            assertEquals("COMPLETED", s.data().getString(Tag.PerformedProcedureStepStatus));
            assertEquals("120", mpps.instances.get(iuid).getNestedItem(Tag.ExposureDoseSequence).getString(Tag.KVP));

            DimseResponse again = as.nSet(UID.ModalityPerformedProcedureStep, iuid, mod);
            assertEquals(Status.MPPS_NO_LONGER_UPDATABLE, again.status());
            assertEquals("MPPS already completed", again.errorComment());
            assertEquals(Status.NO_SUCH_OBJECT_INSTANCE, as.nSet(UID.ModalityPerformedProcedureStep, "1.2.3", mod).status());

            String ian = org.radbridge.dicom.Implementation.createUID();
            assertEquals(Status.SUCCESS, as.nCreate(UID.InstanceAvailabilityNotification, ian, new Attributes()).status());
            assertEquals(Status.SUCCESS, as.nEventReport(UID.ModalityPerformedProcedureStep, iuid, 1, new Attributes()).status());
            assertEquals(List.of(1), mpps.events);
        }
    }

    @Test
    void largeDataSetsAreFragmentedToThePeersMaxPdu() throws Exception {
        Attributes big = Samples.mppsInProgress();
        big.setString(Tag.CommentsOnThePerformedProcedureStep, VR.ST, "x".repeat(1000));
        big.setBytes(0x00091010, VR.OB, new byte[50_000]);
        AssociationSettings small = new AssociationSettings().maxPduLengthReceive(512);
        try (Association as = new DicomClient().settings(small).connect("127.0.0.1", server.port(),
                NetTestSupport.rq("TESTSCU", "RADBRIDGE", UID.ModalityPerformedProcedureStep))) {
            assertEquals(1024, as.aAssociateAC().maxPduLength());
            DimseResponse r = as.nCreate(UID.ModalityPerformedProcedureStep, "1.2.3.4", big);
            assertEquals(Status.SUCCESS, r.status());
            assertArrayEquals(new byte[50_000], mpps.instances.get("1.2.3.4").getBytes(0x00091010));
        }
    }

    @Test
    void unsupportedSopClassIsRejectedPerContext() throws Exception {
        try (Association as = NetTestSupport.open(server, UID.Verification, UID.StudyRootQueryRetrieveInformationModelFind)) {
            PresentationContext rejected = as.aAssociateAC().presentationContext(3);
            assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, rejected.result());
            assertNull(as.presentationContextFor(UID.StudyRootQueryRetrieveInformationModelFind));
            assertThrows(AssociationException.class, () -> as.find(UID.StudyRootQueryRetrieveInformationModelFind, new Attributes()));
            assertEquals(Status.SUCCESS, as.echo().status());
        }
    }

    @Test
    void transferSyntaxNegotiationPicksTheFirstSupportedProposal() throws Exception {
        AAssociateRQ rq = NetTestSupport.rq("TESTSCU", "RADBRIDGE");
        rq.addPresentationContext(UID.Verification, "1.2.840.10008.1.2.4.50", UID.ImplicitVRLittleEndian);
        rq.addPresentationContext(UID.Verification, "1.2.840.10008.1.2.4.50");
        rq.roleSelections().add(new RoleSelection(UID.Verification, true, true)); // tolerated, not answered
        rq.setAsyncOpsWindow(new int[] {5, 5});                                    // ignored: one operation at a time
        try (Association as = new DicomClient().connect("127.0.0.1", server.port(), rq)) {
            assertEquals(UID.ImplicitVRLittleEndian, as.aAssociateAC().presentationContext(1).transferSyntax());
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, as.aAssociateAC().presentationContext(3).result());
            assertTrue(as.aAssociateAC().roleSelections().isEmpty());
            assertNull(as.aAssociateAC().asyncOpsWindow());
            assertEquals(Status.SUCCESS, as.echo().status());
        }
    }

    @Test
    void wrongCalledAeIsRejected() {
        AssociationException e = assertThrows(AssociationException.class, () -> new DicomClient().connect("127.0.0.1",
                server.port(), NetTestSupport.rq("TESTSCU", "OTHER", UID.Verification)));
        assertEquals(new AAssociateRJ(1, 1, 7), e.reject());
    }

    @Test
    void policyRejectsUnknownCallingAe() throws Exception {
        DicomServiceRegistry reg = new DicomServiceRegistry().add(new VerificationScp());
        List<AssociationPolicy.Request> seen = new ArrayList<>();
        AssociationPolicy known = AssociationPolicy.callingAETitles(List.of("CT01"));
        try (DicomServer s = new DicomServer(new DicomServer.Config().port(0).handler(reg).policy(r -> {
            seen.add(r);
            return known.check(r);
        })).start()) {
            AssociationException e = assertThrows(AssociationException.class, () -> new DicomClient().connect("127.0.0.1",
                    s.port(), NetTestSupport.rq("INTRUDER", "ANY", UID.Verification)));
            assertEquals(AAssociateRJ.callingAeNotRecognized(), e.reject());
            assertEquals("127.0.0.1", seen.get(0).remoteAddress().getAddress().getHostAddress());
            try (Association ok = new DicomClient().connect("127.0.0.1", s.port(), NetTestSupport.rq("CT01", "ANY", UID.Verification))) {
                assertEquals(Status.SUCCESS, ok.echo().status());
            }
        }
    }

    @Test
    void associationLimitGivesTransientRejection() throws Exception {
        DicomServiceRegistry reg = new DicomServiceRegistry().add(new VerificationScp());
        try (DicomServer s = new DicomServer(new DicomServer.Config().port(0).handler(reg).maxAssociations(1)).start();
                Association first = new DicomClient().connect("127.0.0.1", s.port(), NetTestSupport.rq("A", "B", UID.Verification))) {
            AssociationException e = assertThrows(AssociationException.class, () -> new DicomClient().connect("127.0.0.1",
                    s.port(), NetTestSupport.rq("A", "B", UID.Verification)));
            assertEquals(AAssociateRJ.localLimitExceeded(), e.reject());
            assertEquals(Status.SUCCESS, first.echo().status());
        }
    }

    @Test
    void idleAssociationIsAborted() throws Exception {
        DicomServiceRegistry reg = new DicomServiceRegistry().add(new VerificationScp());
        try (DicomServer s = NetTestSupport.start(reg, new AssociationSettings().idleTimeout(300))) {
            Association as = NetTestSupport.open(s, UID.Verification);
            assertTrue(as.awaitClose(5, TimeUnit.SECONDS), "closed by the idle timeout");
            assertTrue(as.closeReason().contains("aborted by peer"), as.closeReason());
        }
    }

    @Test
    void concurrentAssociations() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                results.add(pool.submit(() -> {
                    int found = 0;
                    try (Association as = NetTestSupport.open(server, UID.ModalityWorklistInformationModelFind, UID.Verification)) {
                        for (int i = 0; i < 15; i++) {
                            found += as.find(UID.ModalityWorklistInformationModelFind, Samples.worklistQuery("CT", null, null))
                                    .matches().size();
                            assertEquals(Status.SUCCESS, as.echo().status());
                        }
                    }
                    return found;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertEquals(30, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        NetTestSupport.awaitNoAssociations(server);
        assertTrue(server.activeAssociations().isEmpty());
    }

    @Test
    void serverCloseAbortsOpenAssociations() throws Exception {
        Association as = NetTestSupport.open(server, UID.Verification);
        server.close();
        assertTrue(as.awaitClose(5, TimeUnit.SECONDS));
        assertThrows(java.io.IOException.class, as::echo);
    }
}
