package org.radbridge.dicom;

import java.math.BigInteger;
import java.util.UUID;

/**
 * RadBridge's Implementation Class UID and Version Name (PS3.7 D.3.3.2, PS3.10 7.1), and UID creation
 * under the UUID-derived root 2.25 (PS3.5 B.2).
 */
public final class Implementation {

    /** Fixed for this implementation: 2.25 + a UUID minted once for RadBridge's DICOM layer. */
    public static final String CLASS_UID = "2.25.163913092440716214837366071958316478131";

    /** At most 16 characters of the default repertoire (SH). */
    public static final String VERSION_NAME = "RADBRIDGE_010";

    private Implementation() {
    }

    /** A new globally unique UID: 2.25 followed by the decimal value of a random UUID. */
    public static String createUID() {
        UUID u = UUID.randomUUID();
        BigInteger hi = BigInteger.valueOf(u.getMostSignificantBits()).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        BigInteger lo = BigInteger.valueOf(u.getLeastSignificantBits()).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        return "2.25." + hi.shiftLeft(64).or(lo);
    }
}
