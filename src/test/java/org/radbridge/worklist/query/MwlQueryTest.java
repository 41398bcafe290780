package org.radbridge.worklist.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/** The identifier -> column conditions of the MWL SCP: SQL narrowing and exact decisions on rows. */
class MwlQueryTest {

    static final MwlQuery.Options OPTIONS = new MwlQuery.Options(true, List.of("CANCELED", "COMPLETED"), null);

    static String[] row(String name, String station, String modality, String start, String status) {
        String[] r = new String[Column.values().length];
        r[Column.ID.ordinal()] = "1";
        r[Column.PATIENT_NAME.ordinal()] = name;
        r[Column.STATION_AES.ordinal()] = station;
        r[Column.MODALITY.ordinal()] = modality;
        r[Column.SPS_START.ordinal()] = start;
        r[Column.SPS_START_TIME.ordinal()] = start == null ? null : start.substring(8);
        r[Column.SPS_STATUS.ordinal()] = status;
        r[Column.STUDY_UID.ordinal()] = "1.2.3";
        return r;
    }

    static Attributes typical() {
        Attributes k = new Attributes();
        k.setNull(Tag.PatientName, VR.PN);
        Attributes sps = k.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        sps.setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        sps.setString(Tag.Modality, VR.CS, "CT");
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261201");
        sps.setNull(Tag.ScheduledProcedureStepStartTime, VR.TM);
        return k;
    }

    @Test
    void typicalModalityQueryNarrowsByIndexedColumns() {
        MwlQuery q = MwlQuery.parse(typical(), OPTIONS);
        List<Object> args = new ArrayList<>();
        String where = q.where(args);
        assertTrue(where.contains("worklist_stations WHERE station_ae IN (?)"), where);
        assertTrue(where.contains("modality=?"), where);
        assertTrue(where.contains("sps_start>=? AND sps_start<=?"), where);
        assertTrue(where.contains("sps_status NOT IN (?,?)"), where);
        assertEquals(List.of("CT", "CT01", "20261201000000", "20261201235959", "CANCELED", "COMPLETED"), args);
        assertTrue(q.test(row("SMITH^JOHN", "CT01", "CT", "20261201080000", "SCHEDULED")));
        assertTrue(q.test(row("SMITH^JOHN", "CT02\\CT01", "CT", "20261201080000", "SCHEDULED")), "multi-valued station");
        assertFalse(q.test(row("SMITH^JOHN", "CT02", "CT", "20261201080000", "SCHEDULED")));
        assertFalse(q.test(row("SMITH^JOHN", null, "CT", "20261201080000", "SCHEDULED")), "empty station fails");
        assertFalse(q.test(row("SMITH^JOHN", "CT01", "CT", "20261201080000", "CANCELED")), "hidden status");
        assertFalse(q.optionalKeysNotSupported());
    }

    @Test
    void caseInsensitivePersonNameUsesTheUpperCaseColumn() {
        Attributes k = new Attributes();
        k.setString(Tag.PatientName, VR.PN, "smi*");
        MwlQuery q = MwlQuery.parse(k, OPTIONS);
        List<Object> args = new ArrayList<>();
        assertTrue(q.where(args).contains("patient_name_ci>=? AND patient_name_ci<?"));
        assertEquals("SMI", args.get(0));
        assertTrue(q.test(row("Smith^John", "CT01", "CT", null, "SCHEDULED")));
        MwlQuery cs = MwlQuery.parse(k, new MwlQuery.Options(false, List.of(), null));
        assertFalse(cs.test(row("SMITH^JOHN", "CT01", "CT", null, "SCHEDULED")));
    }

    @Test
    void personNamesFoldOneCodePointAtATime() {
        Attributes k = new Attributes();
        k.setString(Tag.PatientName, VR.PN, "Stra?e^*");
        MwlQuery q = MwlQuery.parse(k, OPTIONS);
        List<Object> args = new ArrayList<>();
        assertTrue(q.where(args).contains("patient_name_ci>=? AND patient_name_ci<?"));
        assertEquals("STRA", args.get(0));
        assertTrue(q.test(row("Straße^Günther", "CT01", "CT", null, "SCHEDULED")), "ß is one character for '?'");
        k.setString(Tag.PatientName, VR.PN, "straße^günther");
        MwlQuery exact = MwlQuery.parse(k, OPTIONS);
        List<Object> exactArgs = new ArrayList<>();
        String where = exact.where(exactArgs);
        assertFalse(where.contains("patient_name_ci=?"), "the *_ci column holds STRASSE: no equality on it for ß: " + where);
        assertEquals("STRA", exactArgs.get(0));
        assertTrue(exact.test(row("Straße^Günther", "CT01", "CT", null, "SCHEDULED")));
        assertFalse(exact.test(row("Strasse^Günther", "CT01", "CT", null, "SCHEDULED")), "one code point per character: ß is not ss");
    }

    @Test
    void askingForAStatusShowsHiddenSteps() {
        Attributes k = typical();
        k.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStatus, VR.CS, "CANCELED");
        assertTrue(MwlQuery.parse(k, OPTIONS).test(row("X", "CT01", "CT", "20261201080000", "CANCELED")));
    }

    @Test
    void stationFilterAppliesOnlyWithoutAStationKey() {
        Attributes k = new Attributes();
        k.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setNull(Tag.ScheduledStationAETitle, VR.AE);
        MwlQuery q = MwlQuery.parse(k, new MwlQuery.Options(true, List.of(), "US01"));
        assertTrue(q.test(row("X", "US01", "US", "20261201080000", "SCHEDULED")));
        assertFalse(q.test(row("X", "US02", "US", "20261201080000", "SCHEDULED")));
        assertTrue(MwlQuery.parse(typical(), new MwlQuery.Options(true, List.of(), "US01"))
                .test(row("X", "CT01", "CT", "20261201080000", "SCHEDULED")), "the query's own station wins");
    }

    @Test
    void unsupportedKeysWithValuesAreReported() {
        Attributes k = typical();
        k.setString(Tag.PatientWeight, VR.DS, "70");
        assertTrue(MwlQuery.parse(k, OPTIONS).optionalKeysNotSupported());
        Attributes r = typical();
        r.setNull(Tag.PatientWeight, VR.DS);
        r.newSequence(Tag.RequestedProcedureCodeSequence).addItem().setNull(Tag.CodeValue, VR.SH);
        assertFalse(MwlQuery.parse(r, OPTIONS).optionalKeysNotSupported(), "return keys are not matching keys");
        Attributes c = typical();
        c.newSequence(Tag.RequestedProcedureCodeSequence).addItem().setString(Tag.CodeValue, VR.SH, "71250");
        assertTrue(MwlQuery.parse(c, OPTIONS).optionalKeysNotSupported());
    }

    @Test
    void uidListAndTimeOnly() {
        Attributes k = new Attributes();
        k.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3\\1.2.4");
        k.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "0700-0900");
        MwlQuery q = MwlQuery.parse(k, OPTIONS);
        List<Object> args = new ArrayList<>();
        String where = q.where(args);
        assertTrue(where.contains("study_uid IN (?,?)") && where.contains("sps_start_time>=?"), where);
        assertTrue(q.test(row("X", "CT01", "CT", "20261201080000", "SCHEDULED")));
        assertFalse(q.test(row("X", "CT01", "CT", "20261201093000", "SCHEDULED")));
    }

    @Test
    void expiredStepsOnlyWhenTheQueryNamesAStatus() {
        List<Object> args = new ArrayList<>();
        assertTrue(MwlQuery.parse(typical(), OPTIONS).where(args).contains("expired_at IS NULL"), "hidden by default");
        Attributes k = typical();
        k.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStatus, VR.CS, "SCHEDULED");
        MwlQuery q = MwlQuery.parse(k, OPTIONS);
        assertTrue(q.statusNamed());
        String where = q.where(args);
        assertFalse(where.contains("expired_at"), "docs/dicom-conformance.md 4.4: returned when the query names an SPS Status: " + where);
        assertTrue(where.contains("sps_status=?"), where);
        Attributes universal = typical();
        universal.getNestedItem(Tag.ScheduledProcedureStepSequence).setNull(Tag.ScheduledProcedureStepStatus, VR.CS);
        assertTrue(MwlQuery.parse(universal, OPTIONS).where(args).contains("expired_at IS NULL"), "a universal status names none");
    }

    @Test
    void incompleteItemsNeverMatch() {
        // Modality and Scheduled Station AE Title are Type 1 in the SPS (PS3.4 Table K.6-1)
        Attributes k = new Attributes();
        k.setString(Tag.PatientName, VR.PN, "X");
        MwlQuery q = MwlQuery.parse(k, OPTIONS);
        assertTrue(q.where(new ArrayList<>()).contains("modality IS NOT NULL AND station_aes IS NOT NULL"));
        assertTrue(q.test(row("X", "CT01", "CT", null, "SCHEDULED")));
        assertFalse(q.test(row("X", null, "CT", null, "SCHEDULED")), "no station");
        assertFalse(q.test(row("X", "CT01", null, null, "SCHEDULED")), "no modality");
        assertFalse(q.test(row("X", "CT01", " ", null, "SCHEDULED")), "blank modality");
    }
}
