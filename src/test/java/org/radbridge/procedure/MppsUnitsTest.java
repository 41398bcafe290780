package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Status;
import org.radbridge.outbox.DeliveryResult.Outcome;

/** MPPS times (PS3.3 C.4.13/14) and the forward outcome table. */
class MppsUnitsTest {

    @Test
    void timesOfTheStatus() {
        Attributes a = MppsRulesTest.create();
        ZoneId utc = ZoneId.of("UTC");
        assertEquals(ZonedDateTime.of(2026, 12, 1, 9, 30, 0, 0, utc), MppsTimes.of(a, utc, null));
        a.setString(Tag.TimezoneOffsetFromUTC, VR.SH, "+0100");
        assertEquals("2026-12-01T09:30+01:00", MppsTimes.of(a, utc, null).toOffsetDateTime().toString());
        a.addAll(MppsRulesTest.finish("COMPLETED"));
        assertEquals("2026-12-01T09:45+01:00", MppsTimes.of(a, utc, null).toOffsetDateTime().toString());
        assertEquals("2026-12-01T09:45:10+01:00", MppsTimes.dateTime("20261201", "094510.123", java.time.ZoneOffset.ofHours(1))
                .toOffsetDateTime().toString());
        assertNull(MppsTimes.dateTime("20261301", "0945", utc));
        assertNull(MppsTimes.dateTime("20261201", "9:45", utc));
        ZonedDateTime fallback = ZonedDateTime.now(utc);
        a.remove(Tag.PerformedProcedureStepEndTime);
        assertEquals(fallback, MppsTimes.of(a, utc, fallback));
    }

    @Test
    void forwardOutcomes() {
        assertEquals(Outcome.DELIVERED, MppsForwardDestination.outcome(true, Status.SUCCESS, null).outcome());
        assertEquals(Outcome.DELIVERED, MppsForwardDestination.outcome(false, 0x0107, "warning").outcome());
        assertEquals(Outcome.DELIVERED, MppsForwardDestination.outcome(true, Status.DUPLICATE_SOP_INSTANCE, null).outcome());
        assertEquals(Outcome.DEAD, MppsForwardDestination.outcome(false, Status.DUPLICATE_SOP_INSTANCE, null).outcome());
        assertEquals(Outcome.RETRY, MppsForwardDestination.outcome(false, Status.PROCESSING_FAILURE, null).outcome());
        assertEquals(Outcome.RETRY, MppsForwardDestination.outcome(true, Status.RESOURCE_LIMITATION, null).outcome());
        assertEquals(Outcome.RETRY, MppsForwardDestination.outcome(true, 0xA700, null).outcome());
        assertEquals(Outcome.DEAD, MppsForwardDestination.outcome(false, Status.NO_SUCH_OBJECT_INSTANCE, null).outcome());
        assertEquals(Outcome.DEAD, MppsForwardDestination.outcome(true, Status.NOT_AUTHORIZED, "no").outcome());
    }
}
