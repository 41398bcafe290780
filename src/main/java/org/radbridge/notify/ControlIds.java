package org.radbridge.notify;

import java.security.SecureRandom;

/**
 * Message control ids (MSH-10) for outbound HL7: one per outbox entry, stored with it, so every retry and
 * redelivery of the entry carries the same id and a receiver that de-duplicates by MSH-10 processes it
 * once (design.md §2). Form: a prefix, 10 characters of time (milliseconds, Crockford base 32, so ids sort
 * by creation) and 6 random characters: 18 characters with the default prefix "RB", within the 20 of
 * MSH-10 in HL7 v2.3.1. Unique across engine instances and database resets without coordination.
 */
public final class ControlIds {

    private static final char[] B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    public ControlIds(String prefix) {
        if (prefix == null || prefix.length() > 4 || !prefix.matches("[A-Za-z0-9]*")) {
            throw new IllegalArgumentException("control id prefix must be 0 to 4 letters or digits: " + prefix);
        }
        this.prefix = prefix;
    }

    public String next() {
        return next(System.currentTimeMillis());
    }

    String next(long millis) {
        char[] c = new char[16];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            c[i] = B32[(int) (t & 31)];
            t >>>= 5;
        }
        int r = RANDOM.nextInt(1 << 30);
        for (int i = 15; i >= 10; i--) {
            c[i] = B32[r & 31];
            r >>>= 5;
        }
        return prefix + new String(c);
    }
}
