package org.radbridge.worklist.mapping;

import org.radbridge.dicom.VR;

/**
 * Value length limits of PS3.5 Table 6.2-1 applied to mapped values: a longer value is cut to the
 * maximum with a warning (e.g. Patient State (0038,0500), LO, 64 characters; mission-anchors.md §2.2 row
 * 28). A backslash inside a single value of a multi-valued VR becomes '/' (it would split the value).
 */
public final class DicomLimits {

    private DicomLimits() {
    }

    /** Maximum characters per value of a string VR, or 0 for no limit. */
    public static int maxLength(VR vr) {
        return switch (vr) {
            case AE, CS, SH, DS -> 16;
            case IS -> 12;
            case LO, PN, UI -> 64;
            case DA -> 8;
            case TM -> 16;
            case DT -> 26;
            case AS -> 4;
            case ST -> 1024;
            case LT -> 10240;
            default -> 0;
        };
    }

    /** A single value: backslashes of multi-valued VRs replaced. */
    public static String single(VR vr, String v) {
        return vr.isMultiValuedString() ? v.replace('\\', '/') : v;
    }

    /** Cuts each value to the VR's maximum length, warning once. */
    public static String fit(VR vr, String v, String what, MappingContext ctx) {
        int max = maxLength(vr);
        if (max == 0 || v == null || vr == VR.UI || v.length() <= max) {
            return v; // no value can be longer than the whole text
        }
        String[] parts = vr.isMultiValuedString() ? v.split("\\\\", -1) : new String[] {v};
        boolean cut = false;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() > max) {
                parts[i] = parts[i].substring(0, max).trim();
                cut = true;
            }
        }
        if (cut && ctx != null) {
            ctx.warn(what + ": value longer than " + max + " characters (" + vr + "), shortened");
        }
        return String.join("\\", parts);
    }
}
