package org.radbridge.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void dictionaryComesFromTheTable() {
        assertEquals(0x00100010, Tag.PatientName);
        assertEquals(VR.PN, Dictionary.vrOf(Tag.PatientName));
        assertEquals("Patient's Name", Dictionary.nameOf(Tag.PatientName));
        assertEquals("PatientName", Dictionary.keywordOf(Tag.PatientName));
        assertEquals(Tag.ScheduledProcedureStepSequence, Dictionary.tagOf("ScheduledProcedureStepSequence"));
        assertEquals(VR.SQ, Dictionary.vrOf(Tag.ExposureDoseSequence));
        assertTrue(Dictionary.entry(Tag.ExposureDoseSequence).retired());
        assertEquals(VR.UL, Dictionary.vrOf(0x00190000), "group length");
        assertEquals(VR.LO, Dictionary.vrOf(0x00190010), "private creator");
        assertEquals(VR.UN, Dictionary.vrOf(0x00191001), "unknown private");
        assertEquals("1.2.840.10008.5.1.4.31", UID.ModalityWorklistInformationModelFind);
        assertEquals("(0040,0100)", Dictionary.toString(Tag.ScheduledProcedureStepSequence));
    }

    @Test
    void everyAttributeTheWorklistMppsIanAndDeidWorkNeedIsInTheTable() {
        int[] required = {Tag.ScheduledProcedureStepSequence, Tag.ScheduledStationAETitle, Tag.ScheduledProcedureStepStartDate,
            Tag.ScheduledProcedureStepStartTime, Tag.Modality, Tag.ScheduledPerformingPhysicianName,
            Tag.ScheduledProcedureStepDescription, Tag.ScheduledProtocolCodeSequence, Tag.ScheduledProcedureStepID,
            Tag.RequestedProcedureID, Tag.RequestedProcedureCodeSequence, Tag.StudyInstanceUID, Tag.ReferencedStudySequence,
            Tag.AccessionNumber, Tag.IssuerOfAccessionNumberSequence, Tag.PatientName, Tag.PatientID,
            Tag.PerformedSeriesSequence, Tag.ReferencedImageSequence, Tag.TotalTimeOfFluoroscopy, Tag.TotalNumberOfExposures,
            Tag.ImageAndFluoroscopyAreaDoseProduct, Tag.ExposureDoseSequence, Tag.CTDIvol, Tag.CommentsOnRadiationDose,
            Tag.ScheduledStepAttributesSequence, Tag.PerformedProcedureStepStatus, Tag.ReferencedSOPSequence,
            Tag.InstanceAvailability, Tag.RetrieveAETitle, Tag.ReferencedSeriesSequence,
            Tag.PatientIdentityRemoved, Tag.DeidentificationMethod, Tag.DeidentificationMethodCodeSequence,
            Tag.CommandGroupLength, Tag.ErrorComment, Tag.TransferSyntaxUID, Tag.ImplementationVersionName};
        for (int t : required) {
            assertTrue(Dictionary.entry(t) != null, Dictionary.toString(t));
        }
    }

    @Test
    void stringsAreSplitAndTrimmedPerVR() {
        Attributes a = new Attributes();
        a.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "PT");
        a.setString(Tag.StudyDescription, VR.LO, "  HEAD  ");
        a.setString(Tag.ImagingServiceRequestComments, VR.LT, "  keep leading\\backslash  ");
        assertArrayEquals(new String[] {"CT", "PT"}, a.getStrings(Tag.ModalitiesInStudy));
        assertEquals("CT\\PT", a.getRawString(Tag.ModalitiesInStudy));
        assertEquals("HEAD", a.getString(Tag.StudyDescription));
        assertEquals("  keep leading\\backslash", a.getString(Tag.ImagingServiceRequestComments));
        assertNull(a.getString(Tag.PatientName));
    }

    @Test
    void numbersAreTyped() {
        Attributes a = new Attributes();
        a.setInt(Tag.Rows, VR.US, 512);
        a.setInt(Tag.NumberOfStudyRelatedInstances, VR.IS, 942);
        a.setDouble(Tag.CTDIvol, VR.FD, 12.5);
        a.setDouble(Tag.PixelSpacing, VR.DS, 0.5, 0.25);
        a.setInt(Tag.OffendingElement, VR.AT, Tag.PatientName);
        assertEquals(512, a.getInt(Tag.Rows, 0));
        assertEquals(942, a.getInt(Tag.NumberOfStudyRelatedInstances, 0));
        assertEquals(12.5, a.getDouble(Tag.CTDIvol, 0), 1e-9);
        assertArrayEquals(new String[] {"0.5", "0.25"}, a.getStrings(Tag.PixelSpacing));
        assertEquals("00100010", a.getString(Tag.OffendingElement));
        assertThrows(IllegalArgumentException.class, () -> a.setValue(Tag.Rows, VR.US, "x"));
        assertEquals("0.3333333333333333".substring(0, 16).length(), Values.formatDS(1.0 / 3).length());
    }

    @Test
    void deepCopyAndEquality() {
        Attributes a = new Attributes();
        a.setString(Tag.PatientName, VR.PN, "DOE^JOHN");
        a.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.Modality, VR.CS, "CT");
        Attributes b = a.copy();
        assertEquals(a, b);
        b.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.Modality, VR.CS, "MR");
        assertNotEquals(a, b);
        assertEquals("CT", a.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.Modality));
        assertFalse(a.toTagString().contains("DOE"), "tag string must not carry values");
    }

    @Test
    void privateTagsSortAfterStandardOnes() {
        Attributes a = new Attributes();
        a.setString(0x7FE00010 + 2, VR.LO, "x");
        a.setString(0xFFFA0001, VR.LO, "x");
        a.setString(Tag.PatientName, VR.PN, "A");
        assertEquals(java.util.List.of(Tag.PatientName, 0x7FE00012, 0xFFFA0001), a.tags());
    }

    @Test
    void personNameComponents() {
        PersonName pn = PersonName.parse("Wang^XiaoDong=王^小東");
        assertEquals("Wang", pn.get(PersonName.Group.ALPHABETIC, PersonName.Component.FAMILY));
        assertEquals("小東", pn.get(PersonName.Group.IDEOGRAPHIC, PersonName.Component.GIVEN));
        assertEquals("Wang^XiaoDong=王^小東", pn.toString());
        assertEquals("^Bob^^Dr.", PersonName.parse("^Bob^^Dr.").toString());
        assertEquals("DOE", PersonName.parse("DOE^^^^").toString());
    }
}
