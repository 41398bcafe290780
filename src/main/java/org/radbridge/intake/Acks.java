package org.radbridge.intake;

import java.time.ZonedDateTime;
import org.radbridge.hl7.AckBuilder;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;

/** Builds the acknowledgement of an {@link Inbound} (docs/acknowledgements.md). */
public final class Acks {

    private final String application;
    private final String facility;
    private final AckIds ids;

    public Acks(String application, String facility, AckIds ids) {
        this.application = application;
        this.facility = facility;
        this.ids = ids;
    }

    public String build(Inbound in, AckCode code, Hl7Error error) {
        AckBuilder.RequestHeader h = in.message() != null ? AckBuilder.RequestHeader.of(in.message())
                : AckBuilder.RequestHeader.unknown();
        return AckBuilder.build(h, code, error, application, facility, ids.next(), ZonedDateTime.now());
    }
}
