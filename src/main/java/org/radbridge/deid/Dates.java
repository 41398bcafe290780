package org.radbridge.deid;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;

/**
 * Date values of the three formats, for date-shift, year-only and the age rule of 45 CFR
 * 164.514(b)(2)(i)(C): HL7 v2 DT/DTM and DICOM DA/DT ({@code YYYY[MM[DD[time]]]}, HL7 v2.5 2.A.21,
 * PS3.5 6.2) and FHIR date/dateTime ({@code YYYY[-MM[-DD[Ttime]]]}). Shifting keeps the precision and
 * the time of day; a value with only a year is not shifted.
 */
public final class Dates {

    public static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};

    private Dates() {
    }

    /** A date's parts: month and day are 0 when the value does not have them; {@code end} = end of the date part. */
    public record Parts(int year, int month, int day, int end, boolean dashed) {
    }

    /** Reads the date part of a value in either style; null when it does not start with a plausible year. */
    public static Parts parse(String v) {
        if (v == null || v.length() < 4 || !digits(v, 0, 4)) {
            return null;
        }
        int year = Integer.parseInt(v.substring(0, 4));
        boolean dashed = v.length() > 4 && v.charAt(4) == '-';
        int p = dashed ? 5 : 4;
        if (v.length() < p + 2 || !digits(v, p, 2)) {
            return new Parts(year, 0, 0, 4, dashed);
        }
        int month = Integer.parseInt(v.substring(p, p + 2));
        if (month < 1 || month > 12) {
            return null;
        }
        int dp = dashed ? p + 3 : p + 2;
        if (dashed && (v.length() < dp || v.charAt(p + 2) != '-')) {
            return new Parts(year, month, 0, p + 2, true);
        }
        if (v.length() < dp + 2 || !digits(v, dp, 2)) {
            return new Parts(year, month, 0, p + 2, dashed);
        }
        int day = Integer.parseInt(v.substring(dp, dp + 2));
        if (day < 1 || day > 31) {
            return null;
        }
        return new Parts(year, month, day, dp + 2, dashed);
    }

    public static boolean digits(String s, int from, int n) {
        if (s.length() < from + n) {
            return false;
        }
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value shifted by days, same style, precision and time; unchanged when it is not a date or only a year. */
    public static String shift(String v, int days) {
        Parts p = parse(v);
        if (p == null || p.month() == 0) {
            return v;
        }
        try {
            if (p.day() == 0) {
                LocalDate d = LocalDate.of(p.year(), p.month(), 15).plusDays(days);
                return format(d.getYear(), d.getMonthValue(), 0, p.dashed()) + v.substring(p.end());
            }
            LocalDate d = LocalDate.of(p.year(), p.month(), p.day()).plusDays(days);
            return format(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), p.dashed()) + v.substring(p.end());
        } catch (DateTimeException e) {
            return v;
        }
    }

    public static String format(int y, int m, int d, boolean dashed) {
        StringBuilder sb = new StringBuilder(10);
        if (y < 1000) {
            sb.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        }
        sb.append(y);
        if (m > 0) {
            sb.append(dashed ? "-" : "").append(m < 10 ? "0" : "").append(m);
        }
        if (d > 0) {
            sb.append(dashed ? "-" : "").append(d < 10 ? "0" : "").append(d);
        }
        return sb.toString();
    }

    /** The year of a date value ("19700315" -> "1970"); "" when there is none. */
    public static String year(String v) {
        Parts p = parse(v);
        return p == null ? "" : v.substring(0, 4);
    }

    /** Full years between a birth date value and a day; the lowest possible age when the birth date is partial. */
    public static int age(String birth, LocalDate on) {
        Parts p = parse(birth);
        if (p == null) {
            return -1;
        }
        try {
            LocalDate b = LocalDate.of(p.year(), p.month() == 0 ? 12 : p.month(), p.day() == 0 ? 1 : p.day());
            if (p.day() == 0) {
                b = b.withDayOfMonth(b.lengthOfMonth());
            }
            return Period.between(b, on).getYears();
        } catch (DateTimeException e) {
            return -1;
        }
    }

    /** The highest possible age (a partial birth date is read at its earliest day). */
    public static int maxAge(String birth, LocalDate on) {
        Parts p = parse(birth);
        if (p == null) {
            return -1;
        }
        try {
            LocalDate b = LocalDate.of(p.year(), p.month() == 0 ? 1 : p.month(), p.day() == 0 ? 1 : p.day());
            return Period.between(b, on).getYears();
        } catch (DateTimeException e) {
            return -1;
        }
    }

}
