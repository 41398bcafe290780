package org.radbridge.hl7;

/** HL7 v2 version ids (MSH-12) as comparable numbers: "2.3.1" -> 231, "2.5" -> 250. */
public final class Hl7Version {

    private Hl7Version() {
    }

    /** 2.1 -> 210, 2.3.1 -> 231, 2.5.1 -> 251, 2.8 -> 280; -1 when not a 2.x version id. */
    public static int number(String v) {
        if (v == null) {
            return -1;
        }
        String s = v.trim();
        if (!s.startsWith("2.") || s.length() < 3) {
            return -1;
        }
        String[] p = s.split("\\.", -1); // "2..." gives empty parts, not fewer (fuzzing found the index error)
        if (p.length > 3) {
            return -1;
        }
        int minor = digit(p[1]);
        int patch = p.length > 2 ? digit(p[2]) : 0;
        if (minor < 1 || patch < 0) {
            return -1;
        }
        return 200 + minor * 10 + patch;
    }

    /** A single decimal digit's value, else -1 ("+5", "", "10" are not version parts). */
    private static int digit(String part) {
        return part.length() == 1 && part.charAt(0) >= '0' && part.charAt(0) <= '9' ? part.charAt(0) - '0' : -1;
    }

    /** v2.5 and later report errors in ERR-2/3/4; earlier versions in ERR-1 and MSA-3. */
    public static boolean usesErrLocation(String v) {
        return number(v) >= 250;
    }
}
