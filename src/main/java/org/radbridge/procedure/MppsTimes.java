package org.radbridge.procedure;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;

/**
 * Times of an MPPS (PS3.3 C.4.13 / C.4.14): Performed Procedure Step Start Date/Time (0040,0244/0245) for IN
 * PROGRESS and End Date/Time (0040,0250/0251) for COMPLETED / DISCONTINUED, in the zone of Timezone Offset From UTC
 * (0008,0201) when present, else the engine's zone. Used as MSH-7 / ORC-9 of the status message and in FHIR.
 */
public final class MppsTimes {

    private MppsTimes() {
    }

    /** The time of the status the MPPS now has; {@code fallback} when the attributes are missing or unreadable. */
    public static ZonedDateTime of(Attributes mpps, ZoneId zone, ZonedDateTime fallback) {
        boolean end = !MppsRules.IN_PROGRESS.equals(mpps.getString(Tag.PerformedProcedureStepStatus, MppsRules.IN_PROGRESS));
        ZonedDateTime t = end ? end(mpps, zone) : start(mpps, zone);
        return t == null ? fallback : t;
    }

    public static ZonedDateTime start(Attributes mpps, ZoneId zone) {
        return dateTime(mpps.getString(Tag.PerformedProcedureStepStartDate), mpps.getString(Tag.PerformedProcedureStepStartTime),
                zone(mpps, zone));
    }

    public static ZonedDateTime end(Attributes mpps, ZoneId zone) {
        return dateTime(mpps.getString(Tag.PerformedProcedureStepEndDate), mpps.getString(Tag.PerformedProcedureStepEndTime),
                zone(mpps, zone));
    }

    static ZoneId zone(Attributes mpps, ZoneId zone) {
        String tz = mpps.getString(Tag.TimezoneOffsetFromUTC);
        if (tz != null && tz.length() == 5 && (tz.charAt(0) == '+' || tz.charAt(0) == '-') && digits(tz, 1, 5)) {
            return ZoneOffset.of(tz.substring(0, 3) + ":" + tz.substring(3));
        }
        return zone;
    }

    /** DA YYYYMMDD + TM HHMMSS.FFFFFF (any precision from HH); null when either is missing or invalid. */
    static ZonedDateTime dateTime(String da, String tm, ZoneId zone) {
        if (da == null || tm == null || da.length() != 8 || !digits(da, 0, 8) || !time(tm)) {
            return null;
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(da.substring(0, 4)), Integer.parseInt(da.substring(4, 6)),
                    Integer.parseInt(da.substring(6, 8)));
            int h = Integer.parseInt(tm.substring(0, 2));
            int m = tm.length() >= 4 ? Integer.parseInt(tm.substring(2, 4)) : 0;
            int s = tm.length() >= 6 ? Integer.parseInt(tm.substring(4, 6)) : 0;
            return ZonedDateTime.of(d, LocalTime.of(h, m, s), zone);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** TM as this class reads it: HH, HHMM, HHMMSS or HHMMSS.F to HHMMSS.FFFFFF (digits only). */
    private static boolean time(String tm) {
        int n = tm.length();
        if (n == 2 || n == 4 || n == 6) {
            return digits(tm, 0, n);
        }
        return n >= 8 && n <= 13 && digits(tm, 0, 6) && tm.charAt(6) == '.' && digits(tm, 7, n);
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
}
