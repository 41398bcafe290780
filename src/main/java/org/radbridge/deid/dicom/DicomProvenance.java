package org.radbridge.deid.dicom;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.deid.DeidContext;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/**
 * De-identification provenance in the data set (PS3.15 E.1.1, PS3.3 C.7.1.1): Patient Identity Removed,
 * the De-identification Method (earlier methods kept: "inserted in or added to"), the CID 7050 codes of
 * the profile and options, and Longitudinal Temporal Information Modified.
 */
final class DicomProvenance {

    private DicomProvenance() {
    }

    /** (0012,0062) YES, (0012,0063) + the profile, (0012,0064) + Basic Profile and option codes, (0028,0303). */
    static void write(Attributes ds, DeidContext ctx, DicomRules rules, boolean datesChanged) {
        ds.setString(Tag.PatientIdentityRemoved, VR.CS, "YES");
        List<String> methods = new ArrayList<>();
        String old = ds.getRawString(Tag.DeidentificationMethod);
        if (old != null && !old.isEmpty()) {
            methods.addAll(List.of(old.split("\\\\")));
        }
        String label = "RadBridge " + ctx.profile().label();
        methods.add(label.length() > 64 ? label.substring(0, 64) : label);
        ds.setString(Tag.DeidentificationMethod, VR.LO, methods.toArray(new String[0]));
        Sequence codes = ds.ensureSequence(Tag.DeidentificationMethodCodeSequence);
        addCode(codes, AnnexE.BASIC_CODE, AnnexE.BASIC_MEANING);
        for (AnnexE.Option o : rules.options()) {
            addCode(codes, o.code(), o.meaning());
        }
        boolean full = rules.options().contains(AnnexE.Option.RETAIN_LONGITUDINAL_FULL_DATES);
        ds.setString(Tag.LongitudinalTemporalInformationModified, VR.CS,
                datesChanged ? "MODIFIED" : full ? "UNMODIFIED" : "REMOVED");
    }

    private static void addCode(Sequence seq, String code, String meaning) {
        for (Attributes item : seq) {
            if (code.equals(item.getString(Tag.CodeValue)) && "DCM".equals(item.getString(Tag.CodingSchemeDesignator))) {
                return;
            }
        }
        Attributes item = seq.addItem();
        item.setString(Tag.CodeValue, VR.SH, code);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }
}
