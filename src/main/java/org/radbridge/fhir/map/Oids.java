package org.radbridge.fhir.map;

import java.util.regex.Pattern;

/** ISO object identifiers in dotted form (ITU-T X.660 / DICOM PS3.5 §9.1 UID syntax), e.g. 1.2.840.10008. */
final class Oids {

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    private Oids() {
    }

    /** True for a dotted OID: first arc 0-2, then arcs without leading zeros. */
    static boolean isOid(String s) {
        return OID.matcher(s).matches();
    }
}
