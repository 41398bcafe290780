package org.radbridge.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When a silent peer matters: days of the week and a from-to time of day in a zone
 * ({@code working-hours: {days: [MON, TUE], from: "07:00", to: "19:00", zone: Europe/Berlin}}); absent = always.
 * A range whose end is before its start spans midnight.
 */
public record WorkingHours(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    public static final WorkingHours ALWAYS = new WorkingHours(EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MIN,
            ZoneId.systemDefault());

    public static WorkingHours of(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return ALWAYS;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (JsonNode d : n.path("days")) {
            String t = d.asText().toUpperCase(Locale.ROOT);
            DayOfWeek match = null;
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().startsWith(t) && t.length() >= 2) {
                    match = w;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("days must be MON ... SUN, is \"" + d.asText() + "\"");
            }
            days.add(match);
        }
        if (days.isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        try {
            return new WorkingHours(days, LocalTime.parse(n.path("from").asText("00:00")), LocalTime.parse(n.path("to").asText("00:00")),
                    n.hasNonNull("zone") ? ZoneId.of(n.get("zone").asText()) : ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("from/to must be HH:MM and zone a time zone id (" + e.getMessage() + ")");
        }
    }

    /** Whether this instant is within the hours (from == to means the whole day). */
    public boolean contains(long epochMillis) {
        ZonedDateTime t = java.time.Instant.ofEpochMilli(epochMillis).atZone(zone);
        if (!days.contains(t.getDayOfWeek())) {
            return false;
        }
        LocalTime lt = t.toLocalTime();
        if (from.equals(to)) {
            return true;
        }
        return from.isBefore(to) ? !lt.isBefore(from) && lt.isBefore(to) : !lt.isBefore(from) || lt.isBefore(to);
    }
}
