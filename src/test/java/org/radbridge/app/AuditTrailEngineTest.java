package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.outbox.FileDestination;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;
import org.radbridge.testing.Waits;

/**
 * The audit trail in the running engine (design.md §6): a failing audit store stops the send; exactly
 * one attempt record per transmission and one successful-disclosure record per outbox entry (retries and
 * a redelivery included); `radbridge audit verify` on the engine's data after a run, and after the newest
 * record was deleted.
 */
class AuditTrailEngineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static TestEngine start(Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.outbox.backoff-initial-ms", "50");
        p.put("radbridge.outbox.backoff-max-ms", "100");
        p.put("radbridge.outbox.max-attempts", "100");
        p.put("radbridge.outbox.poll-ms", "50");
        p.putAll(extra);
        return TestEngine.start(p);
    }

    static JdbcAuditTrail trail(TestEngine e) {
        return (JdbcAuditTrail) e.app().engine().context().audit();
    }

    static List<JdbcAuditTrail.Stored> records(TestEngine e, String type, long entryId) {
        return trail(e).list(null, type, null, null, 100_000).stream()
                .filter(s -> s.event().objectId().equals(String.valueOf(entryId))).toList();
    }

    static long enqueue(TestEngine e, String dest, String key, String payload) {
        Outbox outbox = e.app().engine().context().outbox();
        return outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text(dest, key, "hl7", "x-application/hl7-v2+er7",
                payload, "CTL-" + payload)));
    }

    static long depth(Outbox outbox, String destination) {
        Outbox.Stats s = outbox.stats().get(destination);
        return s == null ? 0 : s.depth();
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(30), cond::getAsBoolean);
    }

    static void sqlite(Path dataDir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("radbridge.db")); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=30000");
            st.execute(sql);
        }
    }

    static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void failingAuditStoreStopsTheSend() throws Exception {
        Path out = tmp.resolve("out");
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(new FileDestination("files", out, "hl7"));
            Outbox outbox = e.app().engine().context().outbox();
            // queued while the destination is paused: written unclaimed, so the worker's own claim (with its attempt
            // record) is what meets the failing audit store
            outbox.db().writeAndWait(tx -> { outbox.pause(tx, "files", true, "test", "test"); return null; });
            long a = enqueue(e, "files", "P1", "one");
            long b = enqueue(e, "files", "P2", "two");
            // the audit store refuses every insert (a real database error, as a full disk or revoked grant gives)
            sqlite(e.dataDir(), "CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit store down'); END");
            // a new entry of a free key is claimed in its own transaction (with its attempt record) once the
            // destination runs: with the audit store down that transaction fails whole, nothing of it stays
            outbox.db().writeAndWait(tx -> { outbox.pause(tx, "files", false, null, "test"); return null; });
            long before = depth(outbox, "files");
            assertThrows(org.radbridge.store.StoreException.class, () -> enqueue(e, "files", "P3", "three"));
            assertEquals(before, depth(outbox, "files"),
                    "an entry whose attempt record failed is not queued");
            Waits.holds("nothing sent without its attempt record", Duration.ofMillis(1500), () -> files(out) == 0); // ~30 poll cycles of the worker
            assertEquals(0, files(out), "nothing may be sent without its attempt record");
            assertEquals(503, e.get("/api/messages").statusCode(), "no PHI read answered without its audit record");
            Outbox ob = e.app().engine().context().outbox();
            for (long id : new long[] {a, b}) {
                assertEquals(OutboxEntry.PENDING, ob.get(id).state(), "the claim rolled back with the failed audit record");
                assertEquals(0, ob.get(id).attempts());
            }
            sqlite(e.dataDir(), "DROP TRIGGER audit_down");
            await("delivery once the audit store is back", () -> ob.get(a).state().equals(OutboxEntry.DONE)
                    && ob.get(b).state().equals(OutboxEntry.DONE));
            assertEquals(2, files(out));
            for (long id : new long[] {a, b}) {
                assertEquals(1, records(e, AuditEvent.TRANSMISSION_ATTEMPT, id).size());
                assertEquals(1, records(e, AuditEvent.TRANSMISSION_OUTCOME, id).size());
            }
        }
    }

    @Test
    void oneAttemptRecordPerTransmissionAndOneDisclosurePerEntry() throws Exception {
        Path out = tmp.resolve("out");
        Files.writeString(out, "a file where the destination's folder should be"); // every delivery fails until removed
        try (TestEngine e = start(Map.of())) {
            Outbox ob = e.app().engine().context().outbox();
            e.app().engine().context().workers().register(new FileDestination("files", out, "hl7"));
            long[] ids = {enqueue(e, "files", "P1", "a"), enqueue(e, "files", "P1", "b"), enqueue(e, "files", "P2", "c"),
                enqueue(e, "files", "P3", "d")};
            await("failed attempts", () -> ob.get(ids[0]).attempts() >= 3 && ob.get(ids[2]).attempts() >= 2);
            Files.delete(out);
            await("all delivered", () -> java.util.Arrays.stream(ids).allMatch(id -> ob.get(id).state().equals(OutboxEntry.DONE)));
            // an operator redelivers one entry: a new entry, a new disclosure
            JsonNode r = JSON.readTree(e.post("/api/outbox/" + ids[3] + "/redeliver", null).body());
            long again = r.path("newEntryId").asLong();
            await("redelivered", () -> ob.get(again) != null && ob.get(again).state().equals(OutboxEntry.DONE));
            int transmissions = 0;
            for (long id : new long[] {ids[0], ids[1], ids[2], ids[3], again}) {
                OutboxEntry en = ob.get(id);
                int attempts = ob.attempts(id).size();
                assertEquals(en.attempts(), attempts);
                transmissions += attempts;
                List<JdbcAuditTrail.Stored> att = records(e, AuditEvent.TRANSMISSION_ATTEMPT, id);
                List<JdbcAuditTrail.Stored> outc = records(e, AuditEvent.TRANSMISSION_OUTCOME, id);
                assertEquals(attempts, att.size(), "one attempt record per transmission of entry " + id);
                assertEquals(attempts, outc.size(), "one outcome record per transmission of entry " + id);
                assertEquals(1, outc.stream().filter(s -> s.event().outcome().equals(AuditEvent.SUCCESS)).count(),
                        "exactly one successful disclosure of entry " + id);
                JsonNode d = JSON.readTree(outc.get(outc.size() - 1).event().detail());
                assertEquals("files", d.path("destination").asText(), "the recipient");
                assertEquals("DELIVERED", d.path("outcome").asText());
                for (int i = 0; i < att.size(); i++) {
                    assertTrue(att.get(i).seq() < outc.get(i).seq(), "each attempt is recorded before its outcome");
                    assertEquals(i + 1, JSON.readTree(att.get(i).event().detail()).path("attempt").asInt());
                }
            }
            assertTrue(transmissions >= 9, "failed attempts were made: " + transmissions);
            assertEquals(5, files(out));
        }
    }

    static int cli(StringWriter out, String... args) {
        CommandLine cl = new CommandLine(new RadBridgeCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void auditVerifyAfterARunAndAfterTheNewestRecordWasDeleted() throws Exception {
        Path data = tmp.resolve("data");
        try (TestEngine e = start(Map.of("radbridge.data-dir", data.toString()))) {
            String ack = e.send("MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|V1|P|2.5.1\r"
                    + "EVN|A04|20260101120000\rPID|1||MRN1^^^HOSP^MR||DOE^JANE||19800101|F\r");
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1));
            assertEquals(200, e.get("/api/audit").statusCode());
            assertEquals(401, e.request("GET", "/api/messages", null, "wrong").statusCode());
        }
        Path cfg = tmp.resolve("radbridge.properties");
        Files.writeString(cfg, "radbridge.data-dir=" + data + "\nradbridge.audit.key=test-audit-key\n");
        StringWriter ok = new StringWriter();
        assertEquals(0, cli(ok, "audit", "verify", "--config", cfg.toString()), ok.toString());
        assertTrue(ok.toString().startsWith("OK: records 1.."), ok.toString());
        long newest;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("radbridge.db"));
                Statement st = c.createStatement(); var rs = st.executeQuery("SELECT max(seq) FROM audit_events")) {
            rs.next();
            newest = rs.getLong(1);
        }
        sqlite(data, "DELETE FROM audit_events WHERE seq=" + newest); // the engine's stop record
        StringWriter bad = new StringWriter();
        assertEquals(1, cli(bad, "audit", "verify", "--config", cfg.toString()), bad.toString());
        assertTrue(bad.toString().startsWith("FAILED: record seq " + newest + " is missing"), bad.toString());
        // the engine checks the tail at start: a broken chain is an alert record and /health says so
        try (TestEngine e = start(Map.of("radbridge.data-dir", data.toString()))) {
            JsonNode health = JSON.readTree(e.get("/health").body());
            assertEquals("DOWN", health.path("checks").path("audit-trail").path("status").asText(), health.toString());
            assertTrue(health.path("checks").path("audit-trail").path("detail").asText().contains("seq " + newest));
            assertEquals(1, trail(e).list(null, AuditEvent.SECURITY_ALERT, null, null, 100).stream()
                    .filter(s -> s.event().detail().contains("audit-chain-broken")).count());
        }
        StringWriter wrongKey = new StringWriter();
        Files.writeString(cfg, "radbridge.data-dir=" + data + "\nradbridge.audit.key=another-key\n");
        assertEquals(1, cli(wrongKey, "audit", "verify", "--config", cfg.toString()));
        assertFalse(wrongKey.toString().startsWith("OK"));
    }
}
