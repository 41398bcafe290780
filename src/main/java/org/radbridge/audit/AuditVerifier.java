package org.radbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the audit trail (design.md §6, `radbridge audit verify`): every checkpoint's signature; every
 * record's HMAC against its content and its predecessor's hash; that sequence numbers have no gap and each
 * record links to the one before; that the trail starts at seq 1 or right after a purge recorded in the
 * chain itself; that each checkpoint's record is present with the hash the checkpoint names; and that the
 * trail reaches the newest checkpoint (so deleting the newest records is detected). It names the first
 * bad record: altered, inserted or replaced, or missing (deleted).
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The verdict: ok, or the first bad record (seq; null for a bad checkpoint file) and what is wrong. */
    public record Result(boolean ok, Long badSeq, String problem, long records, long firstSeq, long lastSeq,
            int checkpoints, Checkpoint newest) {

        public String summary() {
            if (!ok) {
                return "FAILED: " + problem;
            }
            String cp = newest == null ? "no checkpoint yet"
                    : "newest checkpoint seq " + newest.seq() + " at " + newest.time()
                            + (lastSeq > newest.seq() ? " (" + (lastSeq - newest.seq()) + " records after it)" : "");
            return records == 0 ? "OK: the audit trail is empty; " + checkpoints + " checkpoints; " + cp
                    : "OK: records " + firstSeq + ".." + lastSeq + " (" + records + "), chain intact, " + checkpoints
                            + " checkpoints verified; " + cp;
        }
    }

    private final JdbcAuditTrail trail;
    private final byte[] key;

    public AuditVerifier(JdbcAuditTrail trail) {
        this.trail = trail;
        this.key = trail.key();
    }

    /** Verifies the trail against the checkpoints in {@code files} (missing files are skipped). */
    public Result verify(List<Path> files) throws IOException {
        return verify(files, false);
    }

    /**
     * Verifies only from the newest logged checkpoint on (its record must still carry the checkpoint's
     * hash): the quick check the engine runs at start. The whole trail when there is no checkpoint yet.
     */
    public Result verifyTail(List<Path> files) throws IOException {
        return verify(files, true);
    }

    private Result verify(List<Path> files, boolean tailOnly) throws IOException {
        List<Checkpoint> cps = new ArrayList<>();
        for (Path f : files) {
            for (CheckpointLog.Entry e : CheckpointLog.read(f)) {
                if (e.checkpoint() == null) {
                    return fail(null, "checkpoint file " + e.file() + " line " + e.line() + " is not a checkpoint (" + e.error() + ")");
                }
                if (!e.checkpoint().verify(key)) {
                    return fail(null, "checkpoint file " + e.file() + " line " + e.line()
                            + ": the signature does not match (the checkpoint was altered or made with another audit key)");
                }
                cps.add(e.checkpoint());
            }
        }
        Map<Long, Checkpoint> bySeq = new HashMap<>();
        Checkpoint newest = null;
        for (Checkpoint c : cps) {
            Checkpoint prev = bySeq.putIfAbsent(c.seq(), c);
            if (prev != null && !prev.hash().equals(c.hash())) {
                return fail(c.seq(), "checkpoints of " + prev.time() + " and " + c.time() + " disagree about record seq " + c.seq());
            }
            if (newest == null || c.seq() > newest.seq()) {
                newest = c;
            }
        }
        long from = 1;
        if (tailOnly) {
            for (Checkpoint c : cps) {
                if (Checkpoint.CHECKPOINT.equals(c.kind()) && c.seq() > from) {
                    from = c.seq();
                }
            }
        }
        Scan s = new Scan(bySeq, from);
        trail.scan(from, s);
        if (s.problem != null) {
            return fail(s.badSeq, s.problem);
        }
        if (s.count > 0 && s.firstSeq > from) {
            // the trail must start right after a purge that the (verified) chain itself records
            boolean covered = s.purges.stream().anyMatch(p -> p.through() == s.firstSeq - 1 && s.firstPrevHash.equals(p.hash()));
            if (!covered) {
                long missing = from;
                for (Checkpoint c : cps) {
                    if (Checkpoint.PURGE.equals(c.kind()) && c.seq() < s.firstSeq) {
                        missing = Math.max(missing, c.seq() + 1);
                    }
                }
                return fail(missing, "record seq " + missing + " is missing (deleted): the trail starts at seq " + s.firstSeq
                        + " and no purge recorded in the chain ends at seq " + (s.firstSeq - 1));
            }
        }
        if (newest != null) {
            if (s.count == 0 || s.lastSeq < newest.seq()) {
                long missing = s.count == 0 ? Math.max(1, newest.first()) : s.lastSeq + 1;
                return fail(missing, "record seq " + missing + " is missing (deleted): the " + newest.kind() + " of " + newest.time()
                        + " names head seq " + newest.seq() + " but the trail ends at "
                        + (s.count == 0 ? "nothing" : "seq " + s.lastSeq));
            }
            // checkpoints inside [firstSeq, lastSeq] were compared during the scan (the range has no gap)
        }
        return new Result(true, null, null, s.count, s.firstSeq, s.lastSeq, cps.size(), newest);
    }

    private static Result fail(Long seq, String problem) {
        return new Result(false, seq, problem, 0, 0, 0, 0, null);
    }

    private record Purge(long through, String hash) {
    }

    /** The streaming pass over the records: stops judging at the first problem. */
    private final class Scan implements java.util.function.Consumer<JdbcAuditTrail.Stored> {
        final Map<Long, Checkpoint> bySeq;
        final List<Purge> purges = new ArrayList<>();
        long count;
        long firstSeq;
        long lastSeq;
        String firstPrevHash;
        String prevHash;
        String problem;
        Long badSeq;

        final long from;

        Scan(Map<Long, Checkpoint> bySeq, long from) {
            this.bySeq = bySeq;
            this.from = from;
        }

        @Override
        public void accept(JdbcAuditTrail.Stored r) {
            if (problem != null) {
                return;
            }
            if (count == 0) {
                firstSeq = r.seq();
                firstPrevHash = r.prevHash() == null ? "" : r.prevHash();
                if (r.seq() == 1 && from <= 1 && !JdbcAuditTrail.GENESIS.equals(r.prevHash())) {
                    bad(1L, "record seq 1 does not start the chain (its predecessor hash is not the genesis hash)");
                    return;
                }
            } else {
                if (r.seq() != lastSeq + 1) {
                    bad(lastSeq + 1, "record seq " + (lastSeq + 1) + " is missing (deleted): seq " + lastSeq + " is followed by seq " + r.seq());
                    return;
                }
                if (!prevHash.equals(r.prevHash())) {
                    bad(r.seq(), "record seq " + r.seq() + " does not link to record seq " + lastSeq
                            + " (a record was inserted or replaced)");
                    return;
                }
            }
            if (!trail.intact(r)) {
                bad(r.seq(), "record seq " + r.seq() + " was altered (its HMAC does not match its content)");
                return;
            }
            Checkpoint c = bySeq.get(r.seq());
            if (c != null && !c.hash().equals(r.hash())) {
                bad(r.seq(), "record seq " + r.seq() + " differs from the checkpoint of " + c.time());
                return;
            }
            if (AuditEvent.AUDIT_PURGE.equals(r.event().type())) {
                try {
                    JsonNode d = JSON.readTree(r.event().detail());
                    purges.add(new Purge(d.path("through").asLong(), d.path("hash").asText()));
                } catch (IOException e) {
                    // a verified record with unreadable detail: not a usable purge boundary
                }
            }
            count++;
            lastSeq = r.seq();
            prevHash = r.hash();
        }

        private void bad(Long seq, String p) {
            badSeq = seq;
            problem = p;
        }
    }
}
