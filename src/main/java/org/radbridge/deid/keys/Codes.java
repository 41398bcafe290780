package org.radbridge.deid.keys;

/**
 * The shape of replacement identifiers, shared by surrogates and pseudonyms so they fit every target
 * type: a domain letter and 11 characters of Crockford base32 (no I, L, O, U), 12 characters in all —
 * within HL7 v2 CX.1 (ST, 15), DICOM SH (16, e.g. Accession Number) and LO (64), and a valid FHIR id.
 * 55 random or keyed bits per code.
 */
public final class Codes {

    static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    public static final int LENGTH = 12;

    private Codes() {
    }

    /** Upper-case first letter of the domain ("patient-id" -> 'P'); 'X' when it has none. */
    static char prefix(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return (char) (c - 32);
            }
            if (c >= 'A' && c <= 'Z') {
                return c;
            }
        }
        return 'X';
    }

    /** The code of a domain from at least 7 bytes of key material. */
    static String format(String domain, byte[] bits) {
        char[] out = new char[LENGTH];
        out[0] = prefix(domain);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bits[i] & 0xFF);
        }
        for (int i = 1; i < LENGTH; i++) {
            out[i] = ALPHABET[(int) (v & 31)];
            v >>>= 5;
        }
        return new String(out);
    }

    /** "2.25." and the unsigned decimal of 16 bytes (PS3.5 B.2, UUID-derived UID). */
    static String uid(byte[] bits) {
        byte[] b = java.util.Arrays.copyOf(bits, 16);
        return "2.25." + new java.math.BigInteger(1, b);
    }

    /** An RFC 4122 version 4 UUID string from 16 bytes (random or keyed). */
    static String uuid(byte[] bits) {
        byte[] b = java.util.Arrays.copyOf(bits, 16);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[8 + i] & 0xFF);
        }
        return new java.util.UUID(hi, lo).toString();
    }

    /** A non-zero shift in [-range, -1] or [1, range] from 8 bytes. */
    static int shift(byte[] bits, int range) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bits[i] & 0xFF);
        }
        int m = (int) Math.floorMod(v, 2L * range);
        return m < range ? -(m + 1) : m - range + 1;
    }
}
