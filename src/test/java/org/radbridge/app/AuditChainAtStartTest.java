package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.CheckpointLog;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.store.Db;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * The audit chain check at start on the embedded SQLite engine (issue 11 item 20, docs/security.md §1.5), for
 * each way of tampering with the trail while the engine is stopped: an edited record before the newest
 * logged checkpoint, an edited record after it, a deleted record in the middle, deleted newest records, an
 * edited checkpoint line. Each time /health's audit-trail check is DOWN naming the first bad record, the
 * gauge radbridge_audit_chain_broken is 1, one security alert is recorded, and `radbridge audit verify`
 * prints the same first bad record and exits 1. An intact trail is UP and says which seq range was verified.
 */
@Timeout(300)
class AuditChainAtStartTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDS = 60;

    @TempDir
    Path tmp;
    Path data;
    long head;

    static Map<String, String> props(Path data, String... extra) {
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.data-dir", data.toString());
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** A first run that writes RECORDS records and stops (its stop writes a checkpoint at the head). */
    @BeforeEach
    void firstRun() throws Exception {
        data = tmp.resolve("data");
        try (TestEngine e = TestEngine.start(props(data))) {
            JdbcAuditTrail t = (JdbcAuditTrail) e.app().engine().context().audit();
            for (int i = 0; i < RECORDS; i++) {
                t.record(AuditEvents.applicationActivity("test", "record " + i));
            }
        }
        head = maxSeq();
        assertTrue(head > RECORDS, "records written: " + head);
    }

    long maxSeq() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("radbridge.db"));
                Statement st = c.createStatement(); var rs = st.executeQuery("SELECT max(seq) FROM audit_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void sqlite(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("radbridge.db")); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=30000");
            st.execute(sql);
        }
    }

    /** `radbridge audit verify` on the data directory: exit code and what it printed. */
    record Cli(int exit, String out) {
    }

    Cli verifyCli() throws Exception {
        Path cfg = tmp.resolve("radbridge.properties");
        Files.writeString(cfg, "radbridge.data-dir=" + data + "\nradbridge.audit.key=test-audit-key\n");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new RadBridgeCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return new Cli(cl.execute("audit", "verify", "--config", cfg.toString()), out.toString());
    }

    static JsonNode auditCheck(TestEngine e) throws Exception {
        return JSON.readTree(e.get("/health").body()).path("checks").path("audit-trail");
    }

    /** Restarts on the tampered data; the audit check must be DOWN naming {@code what}; so must the CLI. */
    void assertDetected(String what, String... engineProps) throws Exception {
        Cli cli = verifyCli();
        assertEquals(1, cli.exit(), cli.out());
        assertTrue(cli.out().startsWith("FAILED: " + what), cli.out());
        try (TestEngine e = TestEngine.start(props(data, engineProps))) {
            JsonNode c = auditCheck(e);
            long end = System.currentTimeMillis() + 30_000;
            while (!"DOWN".equals(c.path("status").asText()) && System.currentTimeMillis() < end) {
                Thread.sleep(100); // the whole-chain step may run in the background
                c = auditCheck(e);
            }
            assertEquals("DOWN", c.path("status").asText(), c.toString());
            assertTrue(c.path("detail").asText().contains(what), c.toString());
            assertTrue(e.get("/metrics").body().contains("radbridge_audit_chain_broken 1"), "gauge set");
            JdbcAuditTrail t = (JdbcAuditTrail) e.app().engine().context().audit();
            assertEquals(1, t.list(null, AuditEvent.SECURITY_ALERT, null, null, 1000).stream()
                    .filter(s -> s.event().detail().contains("audit-chain-broken")).count(), "one alert");
        }
    }

    @Test
    void intactTrailIsUpAndSaysWhatWasVerified() throws Exception {
        Cli cli = verifyCli();
        assertEquals(0, cli.exit(), cli.out());
        try (TestEngine e = TestEngine.start(props(data))) {
            JsonNode c = auditCheck(e);
            assertEquals("UP", c.path("status").asText(), c.toString());
            assertTrue(c.path("detail").asText().startsWith("verified seq 1.."), c.toString());
            assertTrue(c.path("detail").asText().contains("(whole chain) at start in "), c.toString());
            assertTrue(c.path("detail").asText().contains("from the checkpoint of "), c.toString());
            assertTrue(e.get("/metrics").body().contains("radbridge_audit_chain_broken 0"), "gauge 0");
        }
    }

    @Test
    void editedRecordBeforeTheLastCheckpoint() throws Exception {
        sqlite("UPDATE audit_events SET detail='{\"x\":1}' WHERE seq=10");
        assertDetected("record seq 10 was altered");
    }

    @Test
    void editedRecordBeforeTheLastCheckpointFoundInTheBackground() throws Exception {
        sqlite("UPDATE audit_events SET detail='{\"x\":1}' WHERE seq=10");
        assertDetected("record seq 10 was altered", "radbridge.audit.verify-sync-max-records", "0");
    }

    @Test
    void editedRecordAfterTheLastCheckpoint() throws Exception {
        // records written after the last checkpoint (as before a crash), one of them then edited
        Db db = Db.open(new Db.Config("", null, null, data, "NORMAL", 2, 64));
        try {
            JdbcAuditTrail t = new JdbcAuditTrail(db, "test-audit-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 5; i++) {
                t.record(AuditEvents.applicationActivity("test", "after " + i));
            }
        } finally {
            db.close();
        }
        sqlite("UPDATE audit_events SET outcome='SUCCESS', detail='{}' WHERE seq=" + (head + 3));
        assertDetected("record seq " + (head + 3) + " was altered");
    }

    @Test
    void deletedMiddleRecord() throws Exception {
        sqlite("DELETE FROM audit_events WHERE seq=30");
        assertDetected("record seq 30 is missing");
    }

    @Test
    void deletedNewestRecords() throws Exception {
        sqlite("DELETE FROM audit_events WHERE seq>" + (head - 7));
        assertDetected("record seq " + (head - 6) + " is missing");
    }

    @Test
    void editedCheckpoint() throws Exception {
        // lowering the stop checkpoint's head seq (to hide deleted records) breaks its signature
        Path log = CheckpointLog.defaultFiles(data).get(0);
        String text = Files.readString(log);
        assertTrue(text.contains("\"seq\":" + head), text);
        java.util.List<String> lines = text.lines().toList();
        int line = 1 + java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("\"seq\":" + head))
                .findFirst().orElseThrow();
        Files.writeString(log, text.replace("\"seq\":" + head, "\"seq\":" + (head - 3)));
        assertDetected("checkpoint file " + log + " line " + line + " (checkpoint claiming seq " + (head - 3) + ")");
    }
}
