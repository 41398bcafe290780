package org.radbridge.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.radbridge.engine.http.ApiException;

/** Dates and instants of search forms: "2026-12-06" (UTC day) or an ISO-8601 instant; 400 naming the field otherwise. */
public final class Dates {

    private Dates() {
    }

    /** The start of the day (or the instant). */
    public static long start(String v, String field) {
        return parse(v, field, false);
    }

    /** The end of the day, exclusive (or the instant). */
    public static long end(String v, String field) {
        return parse(v, field, true);
    }

    private static long parse(String v, String field, boolean end) {
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (RuntimeException e) {
            try {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (RuntimeException e2) {
                throw new ApiException(400, "Bad search", field + " must be a date (2026-12-06) or an ISO-8601 instant");
            }
        }
    }
}
