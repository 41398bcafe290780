package org.radbridge.procedure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.fhir.DoseQuantity;

/**
 * What an MPPS reports of radiation dose (PS3.3 C.4.16 Radiation Dose module; docs/procedure-status.md "Dose"):
 * recorded as JSON on the journal entry and the stored MPPS, and published as FHIR Observations (DICOM CID 10050
 * codes) linked to the ImagingStudy. Nothing is computed or converted: each value is the modality's, with its
 * unit from the DICOM attribute's definition.
 */
public final class Dose {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "DLP 123.4 mGy.cm", "DLP=123.4", "DLP: 812,5 mGycm" (decimal comma) in Comments on Radiation Dose (no DICOM attribute for DLP). */
    private static final Pattern DLP = Pattern.compile("(?i)\\bDLP\\b\\s*(?:total)?\\s*[:=]?\\s*([0-9]+(?:[.,][0-9]+)?)");

    private Dose() {
    }

    /** The dose attributes of the MPPS as a JSON object (keyword -> value), or null when it reports none. */
    public static String summary(Attributes mpps) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "TotalTimeOfFluoroscopy", number(mpps, Tag.TotalTimeOfFluoroscopy));          // (0040,0300) s
        put(m, "TotalNumberOfExposures", number(mpps, Tag.TotalNumberOfExposures));          // (0040,0301)
        put(m, "ImageAndFluoroscopyAreaDoseProduct", number(mpps, Tag.ImageAndFluoroscopyAreaDoseProduct)); // (0018,115E) dGy*cm2
        put(m, "EntranceDoseInmGy", number(mpps, Tag.EntranceDoseInmGy));                    // (0040,8302) mGy
        put(m, "CTDIvol", number(mpps, Tag.CTDIvol));                                        // (0018,9345) mGy
        Double dlp = dlpFromComments(mpps.getString(Tag.CommentsOnRadiationDose));
        put(m, "DLP", dlp);
        Sequence exposures = mpps.getSequence(Tag.ExposureDoseSequence);                     // (0040,030E)
        if (exposures != null && !exposures.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Attributes x : exposures) {
                Map<String, Object> e = new LinkedHashMap<>();
                put(e, "RadiationMode", x.getString(Tag.RadiationMode));                     // (0018,115A)
                put(e, "KVP", number(x, Tag.KVP));                                           // (0018,0060) kV
                put(e, "XRayTubeCurrentInuA", number(x, Tag.XRayTubeCurrentInuA));           // (0018,8151) uA
                put(e, "ExposureTime", number(x, Tag.ExposureTime));                         // (0018,1150) ms
                put(e, "FilterType", x.getString(Tag.FilterType));                           // (0018,1160)
                put(e, "FilterMaterial", x.getString(Tag.FilterMaterial));                   // (0018,7050)
                list.add(e);
            }
            m.put("ExposureDoseSequence", list);
        }
        put(m, "CommentsOnRadiationDose", mpps.getString(Tag.CommentsOnRadiationDose));      // (0040,0310)
        if (m.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quantities published as FHIR Observations (DCM codes of CID 10050, UCUM units). */
    public static List<DoseQuantity> quantities(Attributes mpps) {
        List<DoseQuantity> out = new ArrayList<>();
        add(out, "113730", "Total Fluoro Time", number(mpps, Tag.TotalTimeOfFluoroscopy), "s");
        add(out, "113731", "Total Number of Radiographic Frames", number(mpps, Tag.TotalNumberOfExposures), "{exposures}");
        add(out, "113722", "Dose Area Product Total", number(mpps, Tag.ImageAndFluoroscopyAreaDoseProduct), "dGy.cm2");
        add(out, "111636", "Entrance Exposure at RP", number(mpps, Tag.EntranceDoseInmGy), "mGy");
        add(out, "113830", "Mean CTDIvol", number(mpps, Tag.CTDIvol), "mGy");
        add(out, "113813", "CT Dose Length Product Total", dlpFromComments(mpps.getString(Tag.CommentsOnRadiationDose)), "mGy.cm");
        return out;
    }

    /** The DLP a CT modality writes into Comments on Radiation Dose (0040,0310), in mGy*cm; null when absent. */
    public static Double dlpFromComments(String comments) {
        if (comments == null) {
            return null;
        }
        Matcher m = DLP.matcher(comments);
        if (!m.find()) {
            return null;
        }
        String v = m.group(1);
        v = v.replace(',', '.');
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double number(Attributes a, int tag) {
        if (!a.containsValue(tag)) {
            return null;
        }
        double d = a.getDouble(tag, Double.NaN);
        return Double.isNaN(d) ? null : d;
    }

    private static void add(List<DoseQuantity> out, String code, String display, Double v, String ucum) {
        if (v != null) {
            out.add(new DoseQuantity(code, display, v, ucum));
        }
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            m.put(k, d.longValue());
        } else if (v != null) {
            m.put(k, v);
        }
    }
}
