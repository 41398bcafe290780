package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Status;

/** The MPPS object rules (PS3.4 F.7.2) as pure functions. */
class MppsRulesTest {

    static Attributes create() {
        Attributes a = new Attributes();
        a.newSequence(Tag.ScheduledStepAttributesSequence).addItem().setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS1");
        a.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        a.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261201");
        a.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "093000");
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.setString(Tag.PatientID, VR.LO, "P1");
        return a;
    }

    @Test
    void aCompleteCreateIsAccepted() throws MppsRefusal {
        MppsRules.checkCreate(create(), false);
    }

    @Test
    void duplicateInstanceIs0111() {
        assertEquals(Status.DUPLICATE_SOP_INSTANCE, assertThrows(MppsRefusal.class, () -> MppsRules.checkCreate(create(), true)).status());
    }

    @Test
    void missingType1AttributesAre0120WithTheOffendingElements() {
        Attributes a = create();
        a.remove(Tag.Modality);
        a.setNull(Tag.PerformedStationAETitle, VR.AE);
        a.getNestedItem(Tag.ScheduledStepAttributesSequence).remove(Tag.StudyInstanceUID);
        MppsRefusal r = assertThrows(MppsRefusal.class, () -> MppsRules.checkCreate(a, false));
        assertEquals(Status.MISSING_ATTRIBUTE, r.status());
        assertEquals("missing PerformedStationAETitle, Modality, StudyInstanceUID", r.getMessage());
        assertArrayEquals(new long[] {Tag.PerformedStationAETitle, Tag.Modality, Tag.StudyInstanceUID},
                r.toDimse().toResponse(new Attributes()).getLongs(Tag.OffendingElement));
    }

    @Test
    void createNotInProgressIs0106() {
        Attributes a = create();
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, assertThrows(MppsRefusal.class, () -> MppsRules.checkCreate(a, false)).status());
    }

    static Attributes finish(String status) {
        Attributes m = new Attributes();
        m.setString(Tag.PerformedProcedureStepStatus, VR.CS, status);
        m.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20261201");
        m.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "094500");
        return m;
    }

    @Test
    void setRules() throws MppsRefusal {
        assertEquals(Status.NO_SUCH_OBJECT_INSTANCE, assertThrows(MppsRefusal.class, () -> MppsRules.checkSet(null, finish("COMPLETED"))).status());
        assertEquals("COMPLETED", MppsRules.checkSet(create(), finish("COMPLETED")));
        assertEquals("IN PROGRESS", MppsRules.checkSet(create(), new Attributes()));
        Attributes done = MppsRules.merge(create(), finish("DISCONTINUED"), new ArrayList<>());
        MppsRefusal r = assertThrows(MppsRefusal.class, () -> MppsRules.checkSet(done, finish("COMPLETED")));
        assertEquals(Status.PROCESSING_FAILURE, r.status());
        assertEquals(MppsRules.NO_LONGER_UPDATABLE, r.toDimse().toResponse(new Attributes()).getInt(Tag.ErrorID, 0));
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, assertThrows(MppsRefusal.class,
                () -> MppsRules.checkSet(create(), finish("DONE"))).status());
        Attributes noEnd = finish("COMPLETED");
        noEnd.remove(Tag.PerformedProcedureStepEndTime);
        assertEquals(Status.MISSING_ATTRIBUTE, assertThrows(MppsRefusal.class, () -> MppsRules.checkSet(create(), noEnd)).status());
        Attributes seriesWithoutUid = finish("COMPLETED");
        seriesWithoutUid.newSequence(Tag.PerformedSeriesSequence).addItem().setString(Tag.SeriesDescription, VR.LO, "x");
        assertEquals("needs SeriesInstanceUID", assertThrows(MppsRefusal.class,
                () -> MppsRules.checkSet(create(), seriesWithoutUid)).getMessage().substring(10));
    }

    @Test
    void mergeReplacesAndIgnoresWhatAnNSetMayNotChange() {
        Attributes mods = finish("COMPLETED");
        mods.setString(Tag.Modality, VR.CS, "MR");
        mods.setNull(Tag.PerformedProcedureStepDescription, VR.LO);
        List<String> ignored = new ArrayList<>();
        Attributes before = create();
        before.setString(Tag.PerformedProcedureStepDescription, VR.LO, "old");
        Attributes after = MppsRules.merge(before, mods, ignored);
        assertEquals(List.of("Modality"), ignored);
        assertEquals("CT", after.getString(Tag.Modality));
        assertEquals("COMPLETED", after.getString(Tag.PerformedProcedureStepStatus));
        assertNull(after.getString(Tag.PerformedProcedureStepDescription), "a zero-length value clears it");
        assertEquals("IN PROGRESS", before.getString(Tag.PerformedProcedureStepStatus), "the stored instance is not changed");
    }
}
