package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.testing.Waits;

/**
 * MSH-7 of the acknowledgements (HL7 v2.5 2.14.9.7, DTM to the second with the offset): the text formatted once per
 * second is the current time, and every ACK gets a control id of its own.
 */
class AcksTest {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    @Test
    void msh7IsTheCurrentSecondAndControlIdsAreUnique() throws Exception {
        Acks acks = new Acks("RADBRIDGE", "HOSP", new AckIds("T1"));
        String text = "MSH|^~\\&|RIS|HOSP|RADBRIDGE|HOSP|20250101120000||ORM^O01|C1|P|2.5\r";
        Inbound in = new Inbound(text.getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis(), "mllp", "127.0.0.1", null);
        in.decoded(text, StandardCharsets.US_ASCII, Hl7Parser.parse(text));
        Set<String> ids = new HashSet<>();
        Set<String> seconds = new HashSet<>();
        int[] n = {0};
        java.util.concurrent.Callable<Boolean> one = () -> {
            String before = TS.format(ZonedDateTime.now(ZoneId.systemDefault()).withNano(0));
            String[] msh = acks.build(in, AckCode.AA, null).split("\r")[0].split("\\|", -1);
            String after = TS.format(ZonedDateTime.now(ZoneId.systemDefault()).withNano(0));
            assertTrue(msh[6].equals(before) || msh[6].equals(after), msh[6] + " is not between " + before + " and " + after);
            assertTrue(ids.add(msh[9]), "control id " + msh[9] + " used twice");
            seconds.add(msh[6]);
            n[0]++;
            return seconds.size() >= 2 && n[0] >= 1000;
        };
        while (n[0] < 1000) {
            one.call();
        }
        // then one ACK per poll until MSH-7 has moved on to the next second at least once
        Waits.until("an ACK in the next second", Duration.ofSeconds(10), one);
        assertEquals(n[0], ids.size());
    }
}
