package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.audit.AuditVerifier;
import org.radbridge.audit.CheckpointLog;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/**
 * Two engine instances on one PostgreSQL database (design.md §5 scale-out) appending audit records
 * concurrently — message receipts over MLLP and API calls on both — keep one valid chain: contiguous
 * sequence numbers, each record linked to its predecessor, every HMAC right, both instances' checkpoints
 * consistent with it.
 */
@ExtendWith(PostgresDatabase.class)
class AuditPostgresTest {

    static String adt(String id) {
        return "MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|" + id + "|P|2.5.1\r"
                + "EVN|A04|20260101120000\rPID|1||MRN" + id + "^^^HOSP^MR||DOE^JANE||19800101|F\r";
    }

    @Test
    void twoInstancesAppendingConcurrentlyKeepOneValidChain(@PgUrl String url) throws Exception {
        int perThread = 40;
        try (TestEngine a = TestEngine.start(Map.of("radbridge.db.url", url, "radbridge.instance-id", "node-a",
                        "radbridge.audit.security-alert-interval-seconds", "0"));
                TestEngine b = TestEngine.start(Map.of("radbridge.db.url", url, "radbridge.instance-id", "node-b",
                        "radbridge.audit.security-alert-interval-seconds", "0"))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Integer>> jobs = new ArrayList<>();
            for (TestEngine e : new TestEngine[] {a, b}) {
                String node = e == a ? "A" : "B";
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    jobs.add(pool.submit(() -> {
                        int aa = 0;
                        try (var c = e.client()) {
                            for (int i = 0; i < perThread; i++) {
                                byte[] ack = c.exchange(adt(node + thread + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                                aa += "AA".equals(Hl7Text.field(new String(ack, java.nio.charset.StandardCharsets.UTF_8), "MSA", 1)) ? 1 : 0;
                            }
                        }
                        return aa;
                    }));
                }
                jobs.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        ok += e.get("/api/outbox").statusCode() == 200 ? 1 : 0;
                        e.request("GET", "/api/audit", null, "bad-token"); // a refusal: a security alert record
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : jobs) {
                total += f.get();
            }
            pool.shutdown();
            assertEquals(6 * perThread, total, "every message AA'd and every API call answered");
            checkpoint(a);
            checkpoint(b);
            JdbcAuditTrail trail = (JdbcAuditTrail) a.app().engine().context().audit();
            List<Path> files = new ArrayList<>(CheckpointLog.defaultFiles(a.dataDir()));
            files.addAll(CheckpointLog.defaultFiles(b.dataDir()));
            AuditVerifier.Result r = new AuditVerifier(trail).verify(files);
            assertTrue(r.ok(), r.summary());
            // 4 threads x 40 receipts, 2 x 40 API reads (+ 2 x 40 refusals), 2 starts
            assertTrue(r.records() >= 4 * perThread + 4 * perThread + 2, r.summary());
            assertEquals(1, r.firstSeq());
            assertEquals(r.records(), r.lastSeq(), "no gap, no duplicate");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(DISTINCT source) FROM audit_events WHERE type='APPLICATION_ACTIVITY'")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both instances wrote to the one chain");
            }
            // and the shared chain is still tamper-evident
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_events SET principal='someone-else' WHERE seq=" + (r.lastSeq() / 2));
            }
            AuditVerifier.Result bad = new AuditVerifier(trail).verify(files);
            assertFalse(bad.ok());
            assertEquals(r.lastSeq() / 2, bad.badSeq());
        }
    }

    /** Writes a checkpoint of an engine now (its audit module's checkpointer). */
    static void checkpoint(TestEngine e) {
        org.radbridge.audit.AuditCheckpointer c = e.app().engine().context().bean(AuditModule.CHECKPOINTER);
        c.logCheckpoint();
    }
}
