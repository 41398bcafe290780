package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * The MWL SCP's kept answers ({@link MwlResponseCache}): a repeated query is answered from them, and never with an
 * answer that no longer fits — the item changed (by an order update or an SPS status change), another request shape
 * (other return keys, another request character set, another transfer syntax) — the answers equal what encoding the
 * item gives (PS3.4 C.2.2.1 return keys, C.4.1.1.3.2 response character set). Also the cache's own rules: bytes
 * compared, shapes per item, the byte budget.
 */
@Timeout(180)
class MwlResponseCacheTest {

    static TestEngine engine;
    static final OrderMessages.Spec SPEC = new OrderMessages.Spec("PCACHE", "MÜLLER^ANNA", "19800101", "F", "CA1",
            "1.2.826.0.1.3680043.10.543.91.1", "SCA1", "CT", "CT07", "ROOM", "LOC", LocalDateTime.of(2026, 12, 1, 9, 0), "P1",
            "Protocol", "");

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start();
        String ack = engine.send(OrderMessages.omi("CACHE-1", SPEC, "NW", "SC"));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static List<Attributes> find(Attributes keys, String ts) throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT07");
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, ts);
        try (Association as = new DicomClient().connect("127.0.0.1", engine.dicomPort(), rq)) {
            FindResponses r = as.find(UID.ModalityWorklistInformationModelFind, keys);
            List<Attributes> matches = r.matches();
            assertEquals(Status.SUCCESS, r.finalResponse().status());
            return matches;
        }
    }

    static Attributes full(String requestCharset) {
        Attributes k = new Attributes();
        if (requestCharset != null) {
            k.setString(Tag.SpecificCharacterSet, VR.CS, requestCharset);
        }
        k.setNull(Tag.PatientName, VR.PN);
        k.setNull(Tag.PatientID, VR.LO);
        k.setNull(Tag.AccessionNumber, VR.SH);
        Attributes sps = k.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        sps.setString(Tag.ScheduledStationAETitle, VR.AE, "CT07");
        sps.setNull(Tag.ScheduledProcedureStepStatus, VR.CS);
        sps.setNull(Tag.ScheduledProcedureStepID, VR.SH);
        return k;
    }

    static long answers(String source) throws Exception {
        Matcher m = Pattern.compile("radbridge_mwl_answers_total\\{source=\"" + source + "\"[^}]*\\} ([0-9.E]+)")
                .matcher(engine.get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static String name(Attributes match) {
        return match.getString(Tag.PatientName);
    }

    @Test
    void repeatedQueriesAreAnsweredFromTheCacheAndChangesAreNeverMissed() throws Exception {
        Attributes first = find(full(null), UID.ExplicitVRLittleEndian).get(0);
        long cachedBefore = answers("cache");
        Attributes again = find(full(null), UID.ExplicitVRLittleEndian).get(0);
        assertTrue(answers("cache") > cachedBefore, "the second query is answered from the kept encoding");
        assertEquals(first, again);
        assertEquals("MÜLLER^ANNA", name(again));
        assertEquals("ISO_IR 192", again.getString(Tag.SpecificCharacterSet), "the request names none: UTF-8 holds the name");

        // another request character set: the request's set holds the name, so the answer is in it (not the kept UTF-8 one)
        Attributes latin1 = find(full("ISO_IR 100"), UID.ExplicitVRLittleEndian).get(0);
        assertEquals("ISO_IR 100", latin1.getString(Tag.SpecificCharacterSet));
        assertEquals("MÜLLER^ANNA", name(latin1));

        // other return keys: exactly those come back
        Attributes narrow = new Attributes();
        narrow.setNull(Tag.PatientID, VR.LO);
        narrow.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.ScheduledStationAETitle, VR.AE, "CT07");
        Attributes few = find(narrow, UID.ExplicitVRLittleEndian).get(0);
        assertEquals("PCACHE", few.getString(Tag.PatientID));
        assertFalse(few.contains(Tag.PatientName), "no Patient's Name asked, none returned: " + few);
        assertFalse(few.contains(Tag.AccessionNumber));

        // another transfer syntax: the answer decodes as implicit VR
        assertEquals(first, find(full(null), UID.ImplicitVRLittleEndian).get(0));

        // the item changes (order update with another name): the next answer has the new name
        OrderMessages.Spec renamed = new OrderMessages.Spec("PCACHE", "MEYER^BEN", "19800101", "F", "CA1", SPEC.studyUid(),
                "SCA1", "CT", "CT07", "ROOM", "LOC", SPEC.start(), "P1", "Protocol", "");
        String ack = engine.send(OrderMessages.omi("CACHE-2", renamed, "XO", "SC"));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        assertEquals("MEYER^BEN", name(find(full(null), UID.ExplicitVRLittleEndian).get(0)));
        assertEquals("MEYER^BEN", name(find(full("ISO_IR 100"), UID.ExplicitVRLittleEndian).get(0)));

        // the SPS status changes (as MPPS does it): named in the query, the new status is answered
        WorklistService service = (WorklistService) engine.app().engine().beans().get("worklistService");
        engine.app().engine().context().db().writeAndWait(tx -> service.setStatus(tx, SPEC.studyUid(), "SCA1", "STARTED", null));
        Attributes started = full(null);
        started.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStatus, VR.CS, "STARTED");
        List<Attributes> now = find(started, UID.ExplicitVRLittleEndian);
        assertEquals(1, now.size());
        assertEquals("STARTED", now.get(0).getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus));
        assertEquals("MEYER^BEN", name(now.get(0)));
        assertEquals(List.of(), find(full(null), UID.ExplicitVRLittleEndian), "STARTED is hidden unless named");
    }

    @Test
    void cacheAnswersOnlyForTheSameBytesAndShapeWithinItsBudget() {
        MwlResponseCache c = new MwlResponseCache(10_000);
        byte[] v1 = {1, 2, 3};
        byte[] answer = {9, 9};
        c.put(1, v1, "s1", answer);
        assertArrayEquals(answer, c.get(1, new byte[] {1, 2, 3}, "s1"), "equal bytes read again: a hit");
        assertNull(c.get(1, new byte[] {1, 2, 4}, "s1"), "the stored data set changed: a miss");
        assertNull(c.get(1, v1, "s2"), "another shape: a miss");
        assertNull(c.get(2, v1, "s1"), "another item: a miss");
        for (int i = 0; i < MwlResponseCache.SHAPES; i++) {
            c.put(1, v1, "x" + i, new byte[] {(byte) i});
        }
        assertNull(c.get(1, v1, "s1"), "at most " + MwlResponseCache.SHAPES + " shapes per item, the oldest replaced");
        assertArrayEquals(new byte[] {3}, c.get(1, v1, "x3"));
        c.put(1, new byte[] {7}, "x3", new byte[] {4});
        assertNull(c.get(1, v1, "x0"), "new bytes replace the entry with all its shapes");
        assertEquals(1, c.size());

        MwlResponseCache small = new MwlResponseCache(2_000);
        for (long id = 0; id < 50; id++) {
            small.put(id, new byte[100], "s", new byte[100]);
        }
        assertTrue(small.bytes() <= 2_000, "within the budget: " + small.bytes());
        assertTrue(small.size() > 0 && small.size() < 50);
        assertArrayEquals(new byte[100], small.get(49, new byte[100], "s"), "the most recent stays");
        assertNull(small.get(0, new byte[100], "s"), "the least recent went first");

        MwlResponseCache off = new MwlResponseCache(0);
        off.put(1, v1, "s1", answer);
        assertNull(off.get(1, v1, "s1"));
        assertEquals(0, off.size());
    }

    @Test
    void shapeDependsOnKeysStructureCharsetAndTransferSyntaxNotOnValues() {
        Attributes a = full(null);
        Attributes b = full(null);
        b.setString(Tag.PatientName, VR.PN, "SMI*");
        b.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledStationAETitle, VR.AE, "MR01");
        String ex = UID.ExplicitVRLittleEndian;
        assertEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(b, null, ex), "values do not change the answer");
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(a, null, UID.ImplicitVRLittleEndian));
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(a, "ISO_IR 100", ex));
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(full("ISO_IR 100"), null, ex));
        Attributes c = full(null);
        c.setNull(Tag.PatientBirthDate, VR.DA);
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(c, null, ex));
        Attributes d = full(null);
        d.getNestedItem(Tag.ScheduledProcedureStepSequence).setNull(Tag.Modality, VR.CS);
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(d, null, ex), "sequence item keys count");
        Attributes e = full(null);
        e.setNull(Tag.PatientID, VR.UN);
        assertNotEquals(MwlResponseCache.shape(a, null, ex), MwlResponseCache.shape(e, null, ex), "a key's VR is its empty value's VR");
    }
}
