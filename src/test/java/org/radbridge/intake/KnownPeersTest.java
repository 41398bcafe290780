package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * Known HL7 senders (design.md §3, mappings/peers/hl7-senders.yaml) over a real MLLP socket: with
 * radbridge.peers.enforce=true an unknown sender, a known one from an unexpected address and a message
 * not addressed to us (MSH-5) are answered AR 207 and audited as refusals; without enforcement they are
 * accepted (AA) with a warning on the journal entry and one audit record per sender.
 */
class KnownPeersTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path overlay;

    static String adt(String app, String receiver, String id) {
        return "MSH|^~\\&|" + app + "|HOSP|" + receiver + "|RAD|20260101120000||ADT^A04^ADT_A01|" + id + "|P|2.5.1\r"
                + "EVN|A04|20260101120000\rPID|1||MRN" + id + "^^^HOSP^MR||DOE^JANE||19800101|F\r";
    }

    /** An overlay of hl7-senders.yaml: the demo EMR, a sender tied to another address, one that checks MSH-5. */
    Map<String, String> peers(boolean enforce) throws Exception {
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"), """
                defaults:
                  role: emr
                senders:
                  - name: demo-emr
                    application: DEMO_EMR
                  - name: lab-gateway
                    application: LAB_GW
                    addresses: ["10.20.30.40"]
                  - name: strict-ris
                    application: STRICT_RIS
                    receiving-application: RADBRIDGE
                """);
        return Map.of("radbridge.peers.enforce", String.valueOf(enforce), "radbridge.mappings.overlay-dir", overlay.toString());
    }

    static List<JdbcAuditTrail.Stored> alerts(TestEngine e) {
        return ((JdbcAuditTrail) e.app().engine().context().audit()).list(null, AuditEvent.SECURITY_ALERT, null, null, 1000);
    }

    @Test
    void unknownSendersAreRefusedWithArAndAuditedWhenEnforcing() throws Exception {
        try (TestEngine e = TestEngine.start(peers(true))) {
            String ack = e.send(adt("ROGUE_APP", "RADBRIDGE", "U1"));
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1));
            assertTrue(Hl7Text.field(ack, "ERR", 3).startsWith("207"), ack);
            assertTrue(Hl7Text.field(ack, "ERR", 2).startsWith("MSH^1^3"), ack);
            ack = e.send(adt("LAB_GW", "RADBRIDGE", "U2"));
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1), "known sender from an unexpected address");
            ack = e.send(adt("STRICT_RIS", "OTHER_APP", "U3"));
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1), "MSH-5 names another receiver");
            assertEquals("AA", Hl7Text.field(e.send(adt("STRICT_RIS", "RADBRIDGE", "U4")), "MSA", 1));
            assertEquals("AA", Hl7Text.field(e.send(adt("DEMO_EMR", "ANY", "U5")), "MSA", 1));

            List<JdbcAuditTrail.Stored> a = alerts(e);
            assertEquals(3, a.size(), "one refusal record per refused message");
            for (JdbcAuditTrail.Stored s : a) {
                JsonNode d = JSON.readTree(s.event().detail());
                assertEquals("unknown-peer-refused", d.path("alert").asText());
                assertTrue(d.path("refused").asBoolean());
                assertEquals(AuditEvent.MINOR_FAILURE, s.event().outcome());
                assertTrue(s.event().source().contains("127.0.0.1"), "the address it came from");
            }
            assertEquals(List.of("U1", "U2", "U3"), a.stream().map(s -> {
                try {
                    return JSON.readTree(s.event().detail()).path("controlId").asText();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList());
            assertTrue(a.get(1).event().detail().contains("not expected from this address"));
            // refused messages are journaled (nothing is lost) as REJECTED
            JsonNode j = JSON.readTree(e.get("/api/messages?controlId=U1").body());
            assertEquals("REJECTED", j.get(0).path("state").asText());
        }
    }

    @Test
    void unknownSendersAreAcceptedWithAWarningAndAuditedWhenNotEnforcing() throws Exception {
        try (TestEngine e = TestEngine.start(peers(false))) {
            assertEquals("AA", Hl7Text.field(e.send(adt("ROGUE_APP", "RADBRIDGE", "W1")), "MSA", 1));
            assertEquals("AA", Hl7Text.field(e.send(adt("ROGUE_APP", "RADBRIDGE", "W2")), "MSA", 1));
            assertEquals("AA", Hl7Text.field(e.send(adt("LAB_GW", "RADBRIDGE", "W3")), "MSA", 1));
            List<JdbcAuditTrail.Stored> a = alerts(e);
            assertEquals(2, a.size(), "one record per unverified sender, not per message");
            for (JdbcAuditTrail.Stored s : a) {
                JsonNode d = JSON.readTree(s.event().detail());
                assertEquals("unverified-peer-accepted", d.path("alert").asText());
                assertFalse(d.path("refused").asBoolean());
            }
            JsonNode j = JSON.readTree(e.get("/api/messages?controlId=W2").body());
            assertEquals("PROCESSED", j.get(0).path("state").asText());
            String history = e.get("/api/messages/" + j.get(0).path("id").asLong()).body();
            assertTrue(history.contains("not a known peer"), "the warning is on the journal entry: " + history);
        }
    }
}
