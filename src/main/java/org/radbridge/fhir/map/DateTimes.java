package org.radbridge.fhir.map;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * HL7 v2 TS/DTM (YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ], HL7 v2.5 2.A.22) -> FHIR R4 date, dateTime and instant
 * (datatypes 2.24.0.1). FHIR needs seconds and a time zone as soon as a time is given: a missing offset is the
 * sender's time zone (options.fhir.timezone, else radbridge.fhir.timezone), missing seconds are 00. Values that
 * are not dates give null (the element is left out).
 */
public final class DateTimes {

    private DateTimes() {
    }

    /** YYYY, YYYY-MM or YYYY-MM-DD (the time part is dropped). */
    public static String date(String ts) {
        Parts p = Parts.parse(ts);
        if (p == null) {
            return null;
        }
        return p.datePart();
    }

    /** A FHIR dateTime with the precision sent (at least the date; with a time: seconds and offset). */
    public static String dateTime(String ts, ZoneId zone) {
        Parts p = Parts.parse(ts);
        if (p == null) {
            return null;
        }
        if (p.hour < 0) {
            return p.datePart();
        }
        return p.full(zone);
    }

    /** A FHIR instant: needs at least year to minute; null when less precise. */
    public static String instant(String ts, ZoneId zone) {
        Parts p = Parts.parse(ts);
        if (p == null || p.hour < 0 || p.day < 0) {
            return null;
        }
        return p.full(zone);
    }

    /** [+-]NNNN. */
    private static boolean isOffset(String s) {
        return s.length() == 5 && (s.charAt(0) == '+' || s.charAt(0) == '-') && digits(s, 1, 5);
    }

    /** 1 to 4 digits. */
    private static boolean isFraction(String s) {
        return !s.isEmpty() && s.length() <= 4 && digits(s, 0, s.length());
    }

    /** YYYY[MM[DD[HH[MM[SS]]]]]: 4 to 14 digits, an even count. */
    private static boolean isDigits(String s) {
        int n = s.length();
        return n >= 4 && n <= 14 && n % 2 == 0 && digits(s, 0, n);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A year as four digits, zero-padded (what {@code String.format("%04d")} gave, without the formatter). */
    static String four(int year) {
        String y = Integer.toString(year);
        return y.length() >= 4 ? y : "0000".substring(y.length()) + y;
    }

    private record Parts(int year, int month, int day, int hour, int minute, int second, String fraction,
            String offset) {

        static Parts parse(String ts) {
            if (ts == null) {
                return null;
            }
            String s = ts.trim();
            String offset = null;
            int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
            if (sign >= 0) {
                offset = s.substring(sign);
                s = s.substring(0, sign);
                if (!isOffset(offset)) {
                    return null;
                }
            }
            String fraction = null;
            int dot = s.indexOf('.');
            if (dot >= 0) {
                fraction = s.substring(dot + 1);
                s = s.substring(0, dot);
                if (!isFraction(fraction) || s.length() != 14) {
                    return null;
                }
            }
            if (!isDigits(s)) {
                return null;
            }
            int year = Integer.parseInt(s.substring(0, 4));
            int month = s.length() >= 6 ? Integer.parseInt(s.substring(4, 6)) : -1;
            int day = s.length() >= 8 ? Integer.parseInt(s.substring(6, 8)) : -1;
            int hour = s.length() >= 10 ? Integer.parseInt(s.substring(8, 10)) : -1;
            int minute = s.length() >= 12 ? Integer.parseInt(s.substring(10, 12)) : 0;
            int second = s.length() >= 14 ? Integer.parseInt(s.substring(12, 14)) : 0;
            if (year < 1 || month == 0 || month > 12 || day == 0 || day > 31 || hour > 23 || minute > 59 || second > 59) {
                return null;
            }
            if (day > 0) {
                try {
                    java.time.LocalDate.of(year, month, day);
                } catch (java.time.DateTimeException e) {
                    return null;
                }
            }
            return new Parts(year, month, day, hour, minute, second, fraction, offset);
        }

        String datePart() {
            StringBuilder sb = new StringBuilder(10).append(four(year));
            if (month > 0) {
                sb.append('-').append(two(month));
                if (day > 0) {
                    sb.append('-').append(two(day));
                }
            }
            return sb.toString();
        }

        String full(ZoneId zone) {
            int d = day > 0 ? day : 1;
            int m = month > 0 ? month : 1;
            StringBuilder sb = new StringBuilder(29).append(four(year)).append('-').append(two(m))
                    .append('-').append(two(d)).append('T').append(two(hour)).append(':').append(two(minute))
                    .append(':').append(two(second));
            if (fraction != null) {
                sb.append('.').append(fraction);
            }
            if (offset != null) {
                sb.append(offset, 0, 3).append(':').append(offset, 3, 5);
            } else {
                ZoneOffset o = zone.getRules().getOffset(LocalDateTime.of(year, m, d, hour, minute, second));
                sb.append(o.getTotalSeconds() == 0 ? "+00:00" : o.getId());
            }
            return sb.toString();
        }

        private static String two(int v) {
            return v < 10 ? "0" + v : String.valueOf(v);
        }
    }
}
