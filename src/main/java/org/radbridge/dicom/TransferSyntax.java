package org.radbridge.dicom;

/**
 * The uncompressed transfer syntaxes this layer reads and writes (PS3.5 Section 10 and Annex A.1-A.3).
 */
public enum TransferSyntax {
    /** PS3.5 A.1, the DICOM default transfer syntax. */
    IMPLICIT_VR_LITTLE_ENDIAN(UID.ImplicitVRLittleEndian, false, false),
    /** PS3.5 A.2. */
    EXPLICIT_VR_LITTLE_ENDIAN(UID.ExplicitVRLittleEndian, true, false),
    /** PS3.5 A.3 (retired, still met on old equipment). */
    EXPLICIT_VR_BIG_ENDIAN(UID.ExplicitVRBigEndian, true, true);

    private final String uid;
    private final boolean explicitVR;
    private final boolean bigEndian;

    TransferSyntax(String uid, boolean explicitVR, boolean bigEndian) {
        this.uid = uid;
        this.explicitVR = explicitVR;
        this.bigEndian = bigEndian;
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVR() {
        return explicitVR;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** The transfer syntax for a UID, or null if it is not one this layer supports. */
    public static TransferSyntax forUid(String uid) {
        if (uid == null) {
            return null;
        }
        String u = uid.trim();
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(u)) {
                return ts;
            }
        }
        return null;
    }
}
