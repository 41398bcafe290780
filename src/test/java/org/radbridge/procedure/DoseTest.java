package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.fhir.DoseQuantity;

/** What an MPPS reports of dose (PS3.3 C.4.16), for the journal and FHIR. */
class DoseTest {

    @Test
    void fluoroscopyDose() {
        Attributes a = new Attributes();
        a.setInt(Tag.TotalTimeOfFluoroscopy, VR.US, 312);
        a.setInt(Tag.TotalNumberOfExposures, VR.US, 14);
        a.setString(Tag.ImageAndFluoroscopyAreaDoseProduct, VR.DS, "25.7");
        a.setString(Tag.EntranceDoseInmGy, VR.DS, "180.5");
        Attributes x = a.newSequence(Tag.ExposureDoseSequence).addItem();
        x.setString(Tag.RadiationMode, VR.CS, "PULSED");
        x.setString(Tag.KVP, VR.DS, "80");
        x.setString(Tag.XRayTubeCurrentInuA, VR.DS, "12000");
        x.setString(Tag.ExposureTime, VR.IS, "250");
        x.setString(Tag.FilterType, VR.SH, "WEDGE");
        x.setString(Tag.FilterMaterial, VR.CS, "CU");
        a.setString(Tag.CommentsOnRadiationDose, VR.ST, "fluoro 5 min");
        assertEquals("{\"TotalTimeOfFluoroscopy\":312,\"TotalNumberOfExposures\":14,\"ImageAndFluoroscopyAreaDoseProduct\":25.7,"
                + "\"EntranceDoseInmGy\":180.5,\"ExposureDoseSequence\":[{\"RadiationMode\":\"PULSED\",\"KVP\":80,"
                + "\"XRayTubeCurrentInuA\":12000,\"ExposureTime\":250,\"FilterType\":\"WEDGE\",\"FilterMaterial\":\"CU\"}],"
                + "\"CommentsOnRadiationDose\":\"fluoro 5 min\"}", Dose.summary(a));
        assertEquals(List.of(new DoseQuantity("113730", "Total Fluoro Time", 312, "s"),
                new DoseQuantity("113731", "Total Number of Radiographic Frames", 14, "{exposures}"),
                new DoseQuantity("113722", "Dose Area Product Total", 25.7, "dGy.cm2"),
                new DoseQuantity("111636", "Entrance Exposure at RP", 180.5, "mGy")), Dose.quantities(a));
    }

    @Test
    void noDoseNoRecord() {
        assertNull(Dose.summary(new Attributes()));
        assertEquals(List.of(), Dose.quantities(new Attributes()));
    }

    @Test
    void dlpFromComments() {
        assertEquals(265.3, Dose.dlpFromComments("DLP=265.3 mGy*cm; CTDIvol 7.4 mGy"));
        assertEquals(812.5, Dose.dlpFromComments("Total DLP: 812,5 mGycm"));
        assertEquals(1200.0, Dose.dlpFromComments("dlp 1200"));
        assertNull(Dose.dlpFromComments("CTDIvol 7.4 mGy"));
        assertNull(Dose.dlpFromComments("DLPX 12"));
        assertNull(Dose.dlpFromComments(null));
    }
}
