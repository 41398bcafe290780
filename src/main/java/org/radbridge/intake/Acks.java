package org.radbridge.intake;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.radbridge.hl7.AckBuilder;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;

/**
 * Builds the acknowledgement of an {@link Inbound} (docs/acknowledgements.md). MSH-7 is to the second: its text
 * is formatted once per second and shared by the acknowledgements of that second (formatting a zoned date-time
 * was half the cost of building an ACK).
 */
public final class Acks {

    private final String application;
    private final String facility;
    private final AckIds ids;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    /** The MSH-7 text of one second (in the default time zone when it was formatted). */
    private record Stamp(long second, String text) {
    }

    public Acks(String application, String facility, AckIds ids) {
        this.application = application;
        this.facility = facility;
        this.ids = ids;
    }

    public String build(Inbound in, AckCode code, Hl7Error error) {
        AckBuilder.RequestHeader h = in.message() != null ? AckBuilder.RequestHeader.of(in.message())
                : AckBuilder.RequestHeader.unknown();
        return AckBuilder.build(h, code, error, application, facility, ids.next(), timestamp());
    }

    /** MSH-7 now: formatted again when the second changed (in the default time zone then in force). */
    private String timestamp() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000);
        Stamp s = stamp;
        if (s.second() != second) {
            s = new Stamp(second, AckBuilder.timestamp(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault())));
            stamp = s;
        }
        return s.text();
    }
}
