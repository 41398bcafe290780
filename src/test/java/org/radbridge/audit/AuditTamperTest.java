package org.radbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.store.Db;

/**
 * Tamper evidence of the audit trail (design.md §6) on the embedded database: each way an attacker with
 * write access to the database (but not to the audit key) can change the trail — alter, insert, delete
 * (the oldest, one in the middle, the newest, all), renumber — makes the verifier fail and name the
 * first bad record; a checkpoint file edited by hand is refused; a purge at a checkpoint keeps the trail
 * verifiable.
 */
class AuditTamperTest {

    static final byte[] KEY = "tamper-test-key".getBytes(StandardCharsets.UTF_8);
    static final int N = 20;

    @TempDir
    Path dir;
    Db db;
    JdbcAuditTrail trail;
    AuditCheckpointer checkpointer;
    CheckpointLog log;

    @BeforeEach
    void fill() throws Exception {
        db = Db.open(new Db.Config("", null, null, dir, "NORMAL", 2, 64));
        trail = new JdbcAuditTrail(db, KEY);
        log = new CheckpointLog(dir, null, "test");
        checkpointer = new AuditCheckpointer(trail, log, "test");
        for (int i = 1; i <= N; i++) {
            int n = i;
            // a mix of kinds, some with null fields
            trail.record(n % 3 == 0 ? AuditEvents.query("CT01", "127.0.0.1", "RADBRIDGE", Map.of("PatientID", "P" + n), n, false)
                    : n % 3 == 1 ? AuditEvents.apiAccess(null, "/127.0.0.1:1", "GET", "/api/messages", 401, null)
                    : AuditEvents.receipt("DEMO_EMR", "/127.0.0.1:2", "P" + n + "^^^HOSP", n, "ORM^O01", "C" + n, "AA"));
            if (n == 10) {
                checkpointer.logCheckpoint();
            }
        }
        checkpointer.writeHead();
    }

    @AfterEach
    void close() {
        db.close();
    }

    AuditVerifier.Result verify() throws Exception {
        return new AuditVerifier(trail).verify(CheckpointLog.defaultFiles(dir));
    }

    void sql(String statement, Object... args) {
        db.writeAndWait(tx -> tx.update(statement, args));
    }

    void assertBad(long seq, String words) throws Exception {
        AuditVerifier.Result r = verify();
        assertFalse(r.ok(), "tampering not detected");
        assertEquals(seq, r.badSeq(), r.problem());
        assertTrue(r.problem().contains(words), r.problem());
        assertTrue(r.summary().startsWith("FAILED: record seq " + seq), r.summary());
    }

    @Test
    void intactTrailVerifies() throws Exception {
        AuditVerifier.Result r = verify();
        assertTrue(r.ok(), r.summary());
        assertEquals(N, r.records());
        assertEquals(1, r.firstSeq());
        assertEquals(N, r.lastSeq());
        assertEquals(2, r.checkpoints(), "the logged checkpoint at seq 10 and the head");
        assertEquals(N, r.newest().seq());
    }

    @Test
    void alteredFieldIsNamed() throws Exception {
        sql("UPDATE audit_events SET detail=? WHERE seq=7", "{\"messageType\":\"ADT^A08\"}");
        assertBad(7, "altered");
    }

    @Test
    void nullChangedToEmptyIsNamed() throws Exception {
        sql("UPDATE audit_events SET principal='' WHERE seq=4"); // seq 4: an API refusal without a principal
        assertBad(4, "altered");
    }

    @Test
    void alteredRecordWithItsHashReplacedIsNamed() throws Exception {
        // the attacker also replaces the stored hash and the successor's link: still no valid HMAC without the key
        sql("UPDATE audit_events SET outcome='SUCCESS', hash='" + "ab".repeat(32) + "' WHERE seq=12");
        sql("UPDATE audit_events SET prev_hash='" + "ab".repeat(32) + "' WHERE seq=13");
        assertBad(12, "altered");
    }

    @Test
    void deletedRecordInTheMiddleIsNamed() throws Exception {
        sql("DELETE FROM audit_events WHERE seq=9");
        assertBad(9, "missing");
    }

    @Test
    void deletedNewestRecordIsNamed() throws Exception {
        sql("DELETE FROM audit_events WHERE seq=?", N);
        assertBad(N, "missing");
    }

    @Test
    void deletedNewestRecordsAreNamedFromTheLoggedCheckpointWithoutTheHeadFile() throws Exception {
        Files.delete(log.headFile());
        sql("DELETE FROM audit_events WHERE seq>=10");
        assertBad(10, "missing");
    }

    @Test
    void deletedOldestRecordIsNamed() throws Exception {
        sql("DELETE FROM audit_events WHERE seq=1");
        assertBad(1, "missing");
    }

    @Test
    void deletedEverythingIsNamed() throws Exception {
        sql("DELETE FROM audit_events");
        assertBad(1, "missing");
    }

    @Test
    void appendedForgeryIsNamed() throws Exception {
        String headHash = db.read(c -> org.radbridge.store.Tx.query(c, "SELECT hash FROM audit_events WHERE seq=?",
                rs -> rs.getString(1), N).get(0));
        sql("INSERT INTO audit_events (seq, at, type, outcome, principal, source, patient_key, object_type, object_id, detail, "
                + "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", N + 1, System.currentTimeMillis(), "API_ACCESS", "SUCCESS",
                "admin", "/10.0.0.1:5", null, "api", "GET /api/audit", "{\"status\":200}", headHash, "cd".repeat(32));
        assertBad(N + 1, "altered");
    }

    @Test
    void insertedRecordByRenumberingIsNamed() throws Exception {
        // make room at seq 6 by shifting 6..N up by one (highest first), then insert a forged record there
        for (long s = N; s >= 6; s--) {
            sql("UPDATE audit_events SET seq=? WHERE seq=?", s + 1, s);
        }
        String prev = db.read(c -> org.radbridge.store.Tx.query(c, "SELECT hash FROM audit_events WHERE seq=5",
                rs -> rs.getString(1)).get(0));
        sql("INSERT INTO audit_events (seq, at, type, outcome, principal, source, patient_key, object_type, object_id, detail, "
                + "prev_hash, hash) VALUES (6,1,'RECEIPT','SUCCESS','X',NULL,NULL,'hl7-message','1','{}',?,?)", prev, "ef".repeat(32));
        assertBad(6, "altered");
    }

    @Test
    void editedCheckpointFileIsRefused() throws Exception {
        String text = Files.readString(log.logFile());
        Files.writeString(log.logFile(), text.replace("\"seq\":10", "\"seq\":9"));
        AuditVerifier.Result r = verify();
        assertFalse(r.ok());
        assertNull(r.badSeq());
        assertTrue(r.problem().contains("signature does not match"), r.problem());
    }

    @Test
    void checkpointOfAnotherKeyIsRefused() throws Exception {
        Checkpoint forged = Checkpoint.signed("another-key".getBytes(StandardCharsets.UTF_8), Checkpoint.CHECKPOINT, 3, "00", 3, 1,
                1L, "x");
        log.append(forged);
        assertFalse(verify().ok());
    }

    @Test
    void purgeAtACheckpointKeepsTheTrailVerifiable() throws Exception {
        checkpointer.logCheckpoint(); // at seq N
        Thread.sleep(5);
        assertEquals(N, checkpointer.purge(0), "every record up to the newest logged checkpoint");
        trail.record(AuditEvents.applicationActivity("test", "after purge"));
        checkpointer.writeHead();
        AuditVerifier.Result r = verify();
        assertTrue(r.ok(), r.summary());
        assertEquals(N + 1, r.firstSeq(), "the purge record follows the purged head");
        assertEquals(N + 2, r.lastSeq());
        List<JdbcAuditTrail.Stored> purge = trail.list(null, AuditEvent.AUDIT_PURGE, null, null, 10);
        assertEquals(1, purge.size());
        assertTrue(purge.get(0).event().detail().contains("\"through\":" + N));
        // deleting the purge record itself is still detected
        sql("DELETE FROM audit_events WHERE seq=?", N + 1);
        assertBad(N + 1, "missing");
    }

    @Test
    void purgeByRetentionUsesOnlyLoggedCheckpoints() throws Exception {
        assertEquals(0, checkpointer.purge(1), "no checkpoint is a day old");
        assertEquals(N, verify().records());
    }

    @Test
    void checkAtStartCoversTheTailFromTheNewestCheckpoint() throws Exception {
        assertTrue(checkpointer.verifyAtStart().ok());
        sql("UPDATE audit_events SET detail='{}' WHERE seq=15"); // after the checkpoint at seq 10
        AuditVerifier.Result r = checkpointer.verifyAtStart();
        assertFalse(r.ok());
        assertEquals(15, r.badSeq());
        assertTrue(checkpointer.broken().contains("seq 15"));
        List<JdbcAuditTrail.Stored> alerts = trail.list(null, AuditEvent.SECURITY_ALERT, null, null, 10);
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).event().detail().contains("audit-chain-broken"));
    }

    @Test
    void checkAtStartSkipsWhatTheNewestCheckpointCoversButFullVerifyDoesNot() throws Exception {
        sql("UPDATE audit_events SET detail='{}' WHERE seq=5"); // before the checkpoint at seq 10
        assertTrue(new AuditVerifier(trail).verifyTail(CheckpointLog.defaultFiles(dir)).ok(), "the quick check starts at seq 10");
        assertBad(5, "altered");
        sql("UPDATE audit_events SET detail='{}' WHERE seq=10"); // the checkpoint's own record
        assertFalse(new AuditVerifier(trail).verifyTail(CheckpointLog.defaultFiles(dir)).ok());
    }
}
