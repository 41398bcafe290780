package org.radbridge.worklist.mapping;

/**
 * An HL7 v2 DTM/TS value split for DICOM (HL7 v2.5 2.A.22 DTM: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]):
 * the date as DA (YYYYMMDD), the time as TM (HHMMSS[.FFFFFF] as precise as given) and the time zone as
 * Timezone Offset From UTC (0008,0201), "+HHMM"/"-HHMM". Used for SPS Start Date/Time (mission-anchors.md
 * §2.2 row 20). Invalid values raise IllegalArgumentException naming the problem.
 */
public record Hl7DateTime(String date, String time, String offset) {

    /** Parses a DTM; the date needs at least YYYYMMDD. Components after a TS's first (e.g. "^S" precision) are ignored by the caller. */
    public static Hl7DateTime parse(String value) {
        String v = value == null ? "" : value.trim();
        String offset = "";
        int z = Math.max(v.indexOf('+'), v.indexOf('-'));
        if (z >= 0) {
            offset = v.substring(z);
            v = v.substring(0, z);
            if (offset.length() != 5 || !asciiDigits(offset, 1, 5) || Integer.parseInt(offset.substring(1, 3)) > 14
                    || Integer.parseInt(offset.substring(3)) > 59) {
                throw new IllegalArgumentException("bad time zone offset '" + offset + "'");
            }
        }
        if (v.length() < 8 || !digits(v, 0, 8)) {
            throw new IllegalArgumentException("'" + value + "' is not a date/time (YYYYMMDD[HHMM[SS]])");
        }
        String date = v.substring(0, 8);
        checkDate(date, value);
        String rest = v.substring(8);
        String time = "";
        if (!rest.isEmpty()) {
            int dot = rest.indexOf('.');
            String whole = dot >= 0 ? rest.substring(0, dot) : rest;
            String frac = dot >= 0 ? rest.substring(dot + 1) : "";
            if (!(whole.length() == 2 || whole.length() == 4 || whole.length() == 6) || !digits(whole, 0, whole.length())
                    || !digits(frac, 0, frac.length()) || frac.length() > 6 || (dot >= 0 && whole.length() != 6)) {
                throw new IllegalArgumentException("'" + value + "' has a bad time part (HH[MM[SS[.S...]]])");
            }
            int hh = Integer.parseInt(whole.substring(0, 2));
            int mm = whole.length() >= 4 ? Integer.parseInt(whole.substring(2, 4)) : 0;
            int ss = whole.length() >= 6 ? Integer.parseInt(whole.substring(4, 6)) : 0;
            if (hh > 23 || mm > 59 || ss > 60) {
                throw new IllegalArgumentException("'" + value + "' has an invalid time of day");
            }
            time = frac.isEmpty() ? whole : whole + "." + frac;
        }
        return new Hl7DateTime(date, time, offset);
    }

    /** DA from the first 8 characters of a DT/TS (PID-7 birth date: the time is dropped). */
    public static String dateOnly(String value) {
        String v = value == null ? "" : value.trim();
        if (v.length() < 8 || !digits(v, 0, 8)) {
            throw new IllegalArgumentException("'" + value + "' is not a date (YYYYMMDD)");
        }
        String d = v.substring(0, 8);
        checkDate(d, value);
        return d;
    }

    /** True if s[from, to) holds only digits (as Character.isDigit: any Unicode decimal digit). */
    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True if s[from, to) holds only 0-9 (as the regular expression \d). */
    private static boolean asciiDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void checkDate(String d, String original) {
        try {
            java.time.LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + original + "' is not a calendar date");
        }
    }
}
