package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * MWL SCP statuses (PS3.4 K.4.1.1.4): an answer limit ends with A700 and an Error Comment after that many
 * pending responses (never Success on a cut-off list); optional keys the SCP does not support give FF01;
 * an unusable key value gives C000 with the reason; housekeeping expires and purges.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MwlScpLimitsTest {

    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.worklist.max-answers", "2"));
        for (int i = 1; i <= 3; i++) {
            OrderMessages.Spec s = new OrderMessages.Spec("PL" + i, "LIMIT^" + i, "19800101", "M", "L" + i,
                    "1.2.826.0.1.3680043.10.543.66." + i, "SL" + i, "CT", "CT01", "ROOM", "LOC",
                    LocalDateTime.of(2026, 12, 1, 8 + i, 0), "P1", "Protocol", "");
            String ack = engine.send(OrderMessages.omi("LIM-" + i, s, "NW", "SC"));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static List<DimseResponse> find(Attributes keys) throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT01");
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian);
        try (Association as = new DicomClient().connect("127.0.0.1", engine.dicomPort(), rq)) {
            FindResponses r = as.find(UID.ModalityWorklistInformationModelFind, keys);
            List<DimseResponse> all = new ArrayList<>();
            while (r.hasNext()) {
                all.add(r.next());
            }
            all.add(r.finalResponse());
            return all;
        }
    }

    static Attributes keys() {
        Attributes k = new Attributes();
        k.setNull(Tag.PatientName, VR.PN);
        k.setNull(Tag.AccessionNumber, VR.SH);
        k.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        return k;
    }

    @Test
    void answerLimitEndsWithAFailureAndAComment() throws Exception {
        List<DimseResponse> r = find(keys());
        assertEquals(3, r.size(), "two pending responses, then the final one");
        assertEquals(Status.PENDING, r.get(0).status());
        assertEquals(Status.PENDING, r.get(1).status());
        DimseResponse last = r.get(2);
        assertEquals(Status.OUT_OF_RESOURCES, last.status());
        // Error Comment is LO (64 characters): the advice must arrive whole, not cut (issue 11 item 17)
        assertEquals("More than 2 matches (max-answers): narrow by station/date", last.errorComment());
        assertTrue(("More than " + 1_000_000 + " matches (max-answers): narrow by station/date").length() <= 64);
        Attributes narrow = keys();
        narrow.setString(Tag.AccessionNumber, VR.SH, "L2");
        List<DimseResponse> one = find(narrow);
        assertEquals(Status.SUCCESS, one.get(one.size() - 1).status());
        assertEquals(2, one.size());
    }

    @Test
    void unsupportedOptionalKeysGiveFf01() throws Exception {
        Attributes k = keys();
        k.setString(Tag.AccessionNumber, VR.SH, "L1");
        k.setString(Tag.PatientWeight, VR.DS, "70");
        List<DimseResponse> r = find(k);
        assertEquals(Status.PENDING_WARNING, r.get(0).status());
        assertEquals("L1", r.get(0).data().getString(Tag.AccessionNumber));
        assertEquals(Status.SUCCESS, r.get(1).status());
    }

    @Test
    void unusableKeyValueIsRefusedWithTheReason() throws Exception {
        Attributes k = keys();
        k.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "tomorrow");
        List<DimseResponse> r = find(k);
        assertEquals(1, r.size());
        assertEquals(Status.UNABLE_TO_PROCESS, r.get(0).status());
        assertTrue(r.get(0).errorComment().contains("not a date"), r.get(0).errorComment());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void housekeepingExpiresPastScheduledItemsAndPurgesFinishedOnes() throws Exception {
        var ctx = engine.app().engine().context();
        WorklistService service = (WorklistService) engine.app().engine().beans().get("worklistService");
        // L3 is finished; then run as if far in the future: L1, L2 expire; L3 (unchanged for > 1 day) is purged
        assertEquals(200, engine.post("/api/worklist/1.2.826.0.1.3680043.10.543.66.3/SL3/status", "{\"status\":\"COMPLETED\"}").statusCode());
        Housekeeping hk = new Housekeeping(service, ctx.db(), ctx.audit(), "test", 1, 1);
        long future = System.currentTimeMillis() + 400L * 86_400_000L;
        int[] done = hk.run(future);
        assertEquals(2, done[0], "expired");
        assertEquals(1, done[1], "purged");
        assertEquals(null, service.store().get("1.2.826.0.1.3680043.10.543.66.3", "SL3"));
        assertTrue(service.store().get("1.2.826.0.1.3680043.10.543.66.1", "SL1").expiredAt() != null);
        List<DimseResponse> r = find(keys());
        assertEquals(1, r.size(), "expired items are not served");
        assertEquals(Status.SUCCESS, r.get(0).status());
        int[] later = hk.run(future + 2 * 86_400_000L);
        assertEquals(2, later[1], "expired items are purged after purge-after-days");
        assertTrue(engine.get("/api/audit?type=APPLICATION_ACTIVITY").body().contains("housekeeping"));
    }
}
