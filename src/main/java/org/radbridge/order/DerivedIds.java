package org.radbridge.order;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic identifiers RadBridge assigns to an EMR order (docs/worklist.md, "Identifier policy").
 * Each is a hash of a name made of length-prefixed parts, with a different purpose label per identifier
 * (domain separation), so the same order always gets the same identifiers and different orders differ:
 * <ul>
 *   <li>Study Instance UID: {@code 2.25.<decimal of a name-based UUID>} (PS3.5 B.2; RFC 4122 version 5,
 *       SHA-1), or {@code <org root>.<decimal of 96 hash bits>} when a root is configured;</li>
 *   <li>short identifiers (SH, at most 16 characters: accession, requested procedure ID, SPS ID):
 *       a one-letter prefix and 15 characters of Crockford base32 (75 hash bits).</li>
 * </ul>
 * Never derived from an accession number alone: the inputs are the issuer of the placer order number (or
 * MSH-4), the placer order number and, for procedure-level identifiers, the procedure code.
 */
public final class DerivedIds {

    /** RFC 4122 name space for RadBridge names (a fixed, random UUID). */
    static final byte[] NAMESPACE = uuidBytes("4f1c6b0e-6a3e-4d52-9a7c-2b8d0e5f7a91");
    private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private DerivedIds() {
    }

    /** An unambiguous name: purpose label, then each part with its length. */
    public static String name(String purpose, String... parts) {
        StringBuilder sb = new StringBuilder(purpose);
        for (String p : parts) {
            String v = p == null ? "" : p;
            sb.append('|').append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    /** A Study Instance UID for a name: 2.25 form (root empty) or under an organisation root. */
    public static String uid(String root, String name) {
        if (root == null || root.isBlank()) {
            return "2.25." + new BigInteger(1, uuidV5(name)).toString();
        }
        String r = root.endsWith(".") ? root.substring(0, root.length() - 1) : root;
        byte[] h = sha256(name);
        byte[] b = new byte[12];
        System.arraycopy(h, 0, b, 0, b.length);
        String uid = r + "." + new BigInteger(1, b).toString();
        if (uid.length() > 64) {
            throw new IllegalArgumentException("UID root " + root + " is too long for derived UIDs (max 34 characters)");
        }
        return uid;
    }

    /** A 16-character SH value: prefix letter + 15 base32 characters of the name's hash. */
    public static String shortId(char prefix, String name) {
        byte[] h = sha256(name);
        StringBuilder sb = new StringBuilder(16).append(prefix);
        long bits = 0;
        int nbits = 0;
        int i = 0;
        while (sb.length() < 16) {
            if (nbits < 5) {
                bits = (bits << 8) | (h[i++] & 0xFF);
                nbits += 8;
            }
            sb.append(BASE32[(int) ((bits >>> (nbits - 5)) & 31)]);
            nbits -= 5;
        }
        return sb.toString();
    }

    /** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1), as 16 bytes. */
    static byte[] uuidV5(String name) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(NAMESPACE);
            md.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] h = md.digest();
            byte[] u = new byte[16];
            System.arraycopy(h, 0, u, 0, 16);
            u[6] = (byte) ((u[6] & 0x0F) | 0x50);
            u[8] = (byte) ((u[8] & 0x3F) | 0x80);
            return u;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] uuidBytes(String uuid) {
        java.util.UUID u = java.util.UUID.fromString(uuid);
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
