package org.radbridge.fhir.map;

/**
 * ISO object identifiers in dotted form (ITU-T X.660 / DICOM PS3.5 §9.1 UID syntax), e.g. 1.2.840.10008.
 * Checked by a linear scan, not a regular expression: a repeated group over a 40 KB dotted value overflowed
 * the stack of java.util.regex.
 */
final class Oids {

    /** Longest OID accepted as an identifier system: HL7 v2.5 HD-2 (universal id) is at most 199 characters. */
    static final int MAX_LENGTH = 199;

    private Oids() {
    }

    /** True for a dotted OID of at most {@link #MAX_LENGTH} characters: first arc 0-2, then arcs without leading zeros. */
    static boolean isOid(String s) {
        int n = s.length();
        if (n < 3 || n > MAX_LENGTH || s.charAt(0) < '0' || s.charAt(0) > '2' || s.charAt(1) != '.') {
            return false;
        }
        int i = 1;
        while (i < n) {
            if (s.charAt(i) != '.' || i + 1 >= n) {
                return false;
            }
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || s.charAt(start) == '0' && i - start > 1) {
                return false;
            }
        }
        return true;
    }
}
