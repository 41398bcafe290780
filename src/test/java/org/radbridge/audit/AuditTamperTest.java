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
        Thread.sleep(5); // the checkpoint must be strictly older than the purge's "now" (time is the input)
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

    AuditChainCheck check(long syncMax, java.util.concurrent.atomic.AtomicReference<Boolean> alarm) {
        return new AuditChainCheck(trail, List.of(log.logFile(), log.headFile()), "test", syncMax, alarm::set);
    }

    static void awaitFinished(AuditChainCheck c) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!c.finished() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(c.finished(), "the whole-chain check ended within 30 s");
    }

    List<JdbcAuditTrail.Stored> chainAlerts() {
        return trail.list(null, AuditEvent.SECURITY_ALERT, null, null, 100).stream()
                .filter(r -> r.event().detail().contains("audit-chain-broken")).toList();
    }

    @Test
    void checkAtStartOfAnIntactTrailSaysWhatWasVerified() throws Exception {
        var alarm = new java.util.concurrent.atomic.AtomicReference<Boolean>();
        AuditChainCheck c = check(1000, alarm);
        AuditChainCheck.Status st = c.runAtStart();
        assertTrue(st.up(), st.message());
        assertTrue(st.message().startsWith("verified seq 1.." + N + " (whole chain) at start in "), st.message());
        assertTrue(st.message().contains("verified seq 10.." + N + " from the checkpoint of "), st.message());
        assertEquals(Boolean.FALSE, alarm.get());
    }

    @Test
    void checkAtStartFindsAnEditBeforeTheNewestCheckpoint() throws Exception {
        sql("UPDATE audit_events SET detail='{}' WHERE seq=5"); // before the checkpoint at seq 10
        assertTrue(new AuditVerifier(trail).verifyTail(CheckpointLog.defaultFiles(dir)).ok(), "the bounded tail starts at seq 10");
        var alarm = new java.util.concurrent.atomic.AtomicReference<Boolean>();
        AuditChainCheck c = check(1000, alarm);
        AuditChainCheck.Status st = c.runAtStart();
        assertFalse(st.up(), st.message());
        assertTrue(st.message().startsWith("chain broken at seq 5: record seq 5 was altered"), st.message());
        assertEquals(5L, c.badSeq());
        assertEquals(Boolean.TRUE, alarm.get());
        assertEquals(1, chainAlerts().size());
        assertEquals("5", chainAlerts().get(0).event().objectId());
    }

    @Test
    void checkAtStartVerifiesTheRecordsBeforeTheCheckpointInTheBackground() throws Exception {
        var alarm = new java.util.concurrent.atomic.AtomicReference<Boolean>();
        AuditChainCheck ok = check(0, alarm);
        AuditChainCheck.Status st = ok.runAtStart();
        assertTrue(st.up(), st.message());
        // the tail was verified before serving (the background check may be done already and come first)
        assertTrue(st.message().contains("verified seq 10.." + N + " from the checkpoint"), st.message());
        awaitFinished(ok);
        assertTrue(ok.status().message().startsWith("verified seq 1.." + N + " (whole chain) in the background in "),
                ok.status().message());

        sql("UPDATE audit_events SET detail='{}' WHERE seq=3");
        AuditChainCheck bad = check(0, alarm);
        AuditChainCheck.Status atStart = bad.runAtStart();
        // the tail is intact; the background check may already have found seq 3 when runAtStart returns
        assertTrue(atStart.up() ? atStart.message().contains("verified seq 10.." + N + " from the checkpoint")
                : atStart.message().startsWith("chain broken at seq 3: record seq 3 was altered"), atStart.message());
        awaitFinished(bad);
        assertFalse(bad.status().up());
        assertTrue(bad.status().message().startsWith("chain broken at seq 3: record seq 3 was altered"), bad.status().message());
        assertEquals(Boolean.TRUE, alarm.get());
    }

    @Test
    void checkAtStartWithoutATrustedCheckpointStaysBounded() throws Exception {
        Files.delete(log.logFile());
        Files.delete(log.headFile());
        AuditChainCheck c = check(5, new java.util.concurrent.atomic.AtomicReference<>());
        AuditChainCheck.Status st = c.runAtStart();
        assertTrue(st.up(), st.message());
        // the background check may already be done when runAtStart returns
        assertTrue(st.message().startsWith("no trusted checkpoint to start from at start; ") || c.finished()
                || st.message().startsWith("verified seq 1.." + N + " (whole chain) in the background"), st.message());
        awaitFinished(c);
        assertTrue(c.status().message().startsWith("verified seq 1.." + N + " (whole chain) in the background"), c.status().message());
    }

    @Test
    void checkAtStartFindsAnEditAfterTheNewestCheckpoint() throws Exception {
        sql("UPDATE audit_events SET detail='{}' WHERE seq=15"); // after the checkpoint at seq 10
        AuditChainCheck c = check(1000, new java.util.concurrent.atomic.AtomicReference<>());
        AuditChainCheck.Status st = c.runAtStart();
        assertFalse(st.up());
        assertTrue(st.message().startsWith("chain broken at seq 15: "), st.message());
        assertEquals(1, chainAlerts().size(), "one alert");
    }

    @Test
    void deletedNewestRecordsAfterACheckpointAtTheHeadNameTheFirstMissingSeq() throws Exception {
        checkpointer.logCheckpoint(); // a checkpoint at the head (seq N), as written at stop
        sql("DELETE FROM audit_events WHERE seq>=?", N - 4);
        AuditVerifier.Result tail = new AuditVerifier(trail).verifyTail(CheckpointLog.defaultFiles(dir));
        assertFalse(tail.ok());
        assertEquals(N - 4, tail.badSeq(), tail.problem()); // was seq 1
        assertBad(N - 4, "missing");
        AuditChainCheck c = check(1000, new java.util.concurrent.atomic.AtomicReference<>());
        assertTrue(c.runAtStart().message().startsWith("chain broken at seq " + (N - 4) + ": record seq " + (N - 4) + " is missing"),
                c.status().message());
    }

    @Test
    void editedCheckpointIsNamedAndMakesTheCheckDown() throws Exception {
        String text = Files.readString(log.logFile());
        Files.writeString(log.logFile(), text.replace("\"seq\":10", "\"seq\":9"));
        AuditChainCheck c = check(1000, new java.util.concurrent.atomic.AtomicReference<>());
        AuditChainCheck.Status st = c.runAtStart();
        assertFalse(st.up());
        assertTrue(st.message().contains("checkpoints.log line 1 (checkpoint claiming seq 9): the signature does not match"),
                st.message());
        AuditVerifier.Result r = verify();
        assertTrue(r.summary().startsWith("FAILED: checkpoint file ") && r.summary().contains("line 1"), r.summary());
    }
}
