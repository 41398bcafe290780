package org.radbridge.worklist.query;

/**
 * Range matching of DA and TM keys and the combined date-time matching of PS3.4 C.2.2.2.5 for the SPS
 * Start Date (0040,0002) and Time (0040,0003) pair: "D1-D2" with "T1-T2" is the range D1T1 to D2T2, a
 * single date with a time range is that date from T1 to T2. Bounds are YYYYMMDDHHMMSS strings compared as
 * text (null = open); a date without a time covers the whole day. Times are normalized to HHMMSS
 * (missing parts 00, fractions dropped).
 */
public record DateTimeRange(String low, String high) {

    /** A DA or TM key split at its '-' into (low, high); single values give low == high; null parts are open. */
    public record Bounds(String low, String high) {

        public static Bounds parse(String key, boolean time) {
            String k = key.strip();
            int dash = k.indexOf('-');
            String lo;
            String hi;
            if (dash < 0) {
                lo = k;
                hi = k;
            } else {
                lo = k.substring(0, dash).strip();
                hi = k.substring(dash + 1).strip();
            }
            return new Bounds(norm(lo, time), norm(hi, time));
        }

        private static String norm(String v, boolean time) {
            if (v.isEmpty()) {
                return null;
            }
            String s = v.replace(":", "").replace(".", time ? "." : "");
            if (time) {
                int dot = s.indexOf('.');
                if (dot >= 0) {
                    s = s.substring(0, dot);
                }
                if (!s.chars().allMatch(Character::isDigit) || s.length() < 2 || s.length() > 6) {
                    throw new IllegalArgumentException("not a time: " + v);
                }
                return (s + "000000").substring(0, 6);
            }
            if (s.length() != 8 || !s.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a date: " + v);
            }
            return s;
        }
    }

    /** Combined range over YYYYMMDDHHMMSS for a date key and an optional time key (null = universal). */
    public static DateTimeRange combined(Bounds date, Bounds time) {
        String lo = date.low() == null ? null : date.low() + (time == null || time.low() == null ? "000000" : time.low());
        String hi = date.high() == null ? null : date.high() + (time == null || time.high() == null ? "235959" : time.high());
        return new DateTimeRange(lo, hi);
    }

    /** A time-of-day range (HHMMSS) for a time key without a date. */
    public static DateTimeRange timeOnly(Bounds time) {
        return new DateTimeRange(time.low(), time.high());
    }

    /** A date range (YYYYMMDD) for a DA key alone (e.g. Patient's Birth Date). */
    public static DateTimeRange dateOnly(Bounds date) {
        return new DateTimeRange(date.low(), date.high());
    }

    public boolean contains(String v) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        return (low == null || v.compareTo(low) >= 0) && (high == null || v.compareTo(high) <= 0);
    }
}
