package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/** The intake pipeline end to end over a real MLLP socket: ACK table, journal, duplicates, collisions. */
class IntakeTest {

    TestEngine engine;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Database settings (the PostgreSQL variant overrides this). */
    Map<String, String> database() {
        return Map.of();
    }

    @BeforeEach
    void start() throws Exception {
        engine = TestEngine.start(database());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    static String adt(String controlId, String version, String extra) {
        return "MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|" + controlId + "|P|" + version + "\r"
                + "EVN|A04|20260101120000\r"
                + "PID|1||MRN" + controlId + "^^^HOSP^MR||DOE^JANE" + extra + "||19800101|F\r";
    }

    @Test
    void validMessageIsAcceptedAndJournaled() throws Exception {
        String ack = engine.send(adt("C1", "2.5.1", ""));
        assertEquals("AA", Hl7Text.field(ack, "MSA", 1));
        assertEquals("C1", Hl7Text.field(ack, "MSA", 2));
        assertEquals("RADBRIDGE", Hl7Text.field(ack, "MSH", 3), "MSH-3 mirrors the request's MSH-5");
        assertEquals("DEMO_EMR", Hl7Text.field(ack, "MSH", 5), "MSH-5 mirrors the request's MSH-3");
        assertEquals("HOSP", Hl7Text.field(ack, "MSH", 6));
        assertEquals("2.5.1", Hl7Text.field(ack, "MSH", 12));
        assertEquals("ACK^A04^ACK", Hl7Text.field(ack, "MSH", 9));
        HttpResponse<String> r = engine.get("/api/messages?controlId=C1");
        assertEquals(200, r.statusCode());
        JsonNode list = JSON.readTree(r.body());
        assertEquals(1, list.size());
        assertEquals("PROCESSED", list.get(0).path("state").asText());
        long id = list.get(0).path("id").asLong();
        JsonNode one = JSON.readTree(engine.get("/api/messages/" + id).body());
        assertTrue(one.path("raw").asText().contains("DOE^JANE"));
        assertEquals(ack, one.path("acknowledgement").asText());
    }

    @Test
    void missingControlIdIsAnsweredAeWithErrLocationForV25() throws Exception {
        String ack = engine.send(adt("", "2.5", ""));
        assertEquals("AE", Hl7Text.field(ack, "MSA", 1));
        assertEquals("MSH^1^10^1", Hl7Text.field(ack, "ERR", 2));
        assertTrue(Hl7Text.field(ack, "ERR", 3).startsWith("101^"));
        assertEquals("E", Hl7Text.field(ack, "ERR", 4));
    }

    @Test
    void legacySenderGetsErr1AndMsa3() throws Exception {
        String msg = "MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||XYZ^Q01|L1|P|2.3.1\rPID|1||X\r";
        String ack = engine.send(msg);
        assertEquals("AR", Hl7Text.field(ack, "MSA", 1));
        assertTrue(Hl7Text.field(ack, "MSA", 3).contains("XYZ"));
        assertEquals("MSH^1^9^200&Unsupported message type&HL70357", Hl7Text.field(ack, "ERR", 1));
    }

    @Test
    void resendGetsTheOriginalAckAndIsNotProcessedAgain() throws Exception {
        String first = engine.send(adt("D1", "2.5.1", ""));
        String second = engine.send(adt("D1", "2.5.1", ""));
        assertEquals(first, second);
        JsonNode list = JSON.readTree(engine.get("/api/messages?controlId=D1").body());
        assertEquals(2, list.size());
        assertEquals("DUPLICATE", list.get(0).path("state").asText());
        assertEquals("PROCESSED", list.get(1).path("state").asText());
    }

    @Test
    void reusedControlIdWithOtherContentIsProcessedAndFlagged() throws Exception {
        String first = engine.send(adt("E1", "2.5.1", ""));
        String second = engine.send(adt("E1", "2.5.1", "^MARIE"));
        assertEquals("AA", Hl7Text.field(second, "MSA", 1));
        assertNotEquals(first, second);
        JsonNode list = JSON.readTree(engine.get("/api/messages?controlId=E1").body());
        assertEquals(2, list.size());
        assertTrue(list.get(0).path("controlIdCollision").asBoolean());
        assertEquals("PROCESSED", list.get(0).path("state").asText());
        String metrics = engine.get("/metrics").body();
        assertTrue(metrics.contains("radbridge_control_id_collisions_total"), metrics);
    }

    @Test
    void unknownTypeIsRefusedAndKept() throws Exception {
        String ack = engine.send("MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||SIU^S12|S1|P|2.5.1\rSCH|1\r");
        assertEquals("AR", Hl7Text.field(ack, "MSA", 1));
        JsonNode list = JSON.readTree(engine.get("/api/messages?controlId=S1").body());
        assertEquals("REJECTED", list.get(0).path("state").asText());
        assertEquals(200, list.get(0).path("errorCode").asInt());
    }
}
