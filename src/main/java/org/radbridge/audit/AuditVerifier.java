package org.radbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Checks the audit trail (design.md §6, `radbridge audit verify`, docs/security.md §1.5): every checkpoint's
 * signature; every record's HMAC against its content and its predecessor's hash; that sequence numbers have
 * no gap and each record links to the one before; that the trail starts at seq 1 or right after a purge
 * recorded in the chain itself; that each checkpoint's record is present with the hash the checkpoint names;
 * and that the trail reaches the newest checkpoint (so deleting the newest records is detected). It names
 * the first bad record: altered, inserted or replaced, or missing (deleted) — or, when every record is
 * intact, the checkpoint line that was altered.
 *
 * <p>The trust anchors are the checkpoints whose HMAC verifies with the audit key: a checkpoint line that
 * does not verify is reported and never used to judge records.
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The verdict: ok, or the first bad record (seq; null when only a checkpoint line is bad) and what is wrong.
     * {@code anchor} is the checkpoint a tail verification started from (null: the whole chain was verified).
     */
    public record Result(boolean ok, Long badSeq, String problem, long records, long firstSeq, long lastSeq,
            int checkpoints, Checkpoint newest, Checkpoint anchor) {

        /** True when the result covers the whole chain (not only the tail after a checkpoint). */
        public boolean wholeChain() {
            return anchor == null;
        }

        public String summary() {
            if (!ok) {
                return "FAILED: " + problem;
            }
            String cp = newest == null ? "no checkpoint yet"
                    : "newest checkpoint seq " + newest.seq() + " at " + newest.time()
                            + (lastSeq > newest.seq() ? " (" + (lastSeq - newest.seq()) + " records after it)" : "");
            String what = anchor == null ? "chain intact"
                    : "chain intact from the checkpoint of " + anchor.time() + " (seq " + anchor.seq() + ") on";
            return records == 0 ? "OK: the audit trail is empty; " + checkpoints + " checkpoints; " + cp
                    : "OK: records " + firstSeq + ".." + lastSeq + " (" + records + "), " + what + ", " + checkpoints
                            + " checkpoints verified; " + cp;
        }
    }

    private final JdbcAuditTrail trail;
    private final byte[] key;
    private AtomicLong progress = new AtomicLong();
    private BooleanSupplier cancelled = () -> false;

    public AuditVerifier(JdbcAuditTrail trail) {
        this.trail = trail;
        this.key = trail.key();
    }

    /** Counts the records checked into {@code counter} (for progress reports). */
    public AuditVerifier progress(AtomicLong counter) {
        this.progress = counter;
        return this;
    }

    /** Stops the scan with a CancellationException as soon as {@code c} is true. */
    public AuditVerifier cancelWhen(BooleanSupplier c) {
        this.cancelled = c;
        return this;
    }

    /** Verifies the whole trail against the checkpoints in {@code files} (missing files are skipped). */
    public Result verify(List<Path> files) throws IOException {
        return verify(files, false);
    }

    /**
     * Verifies from the newest logged checkpoint whose signature verifies (and that no purge has passed) to
     * the head: the record at that checkpoint must still carry its hash, every later record must be intact
     * and linked, and the trail must reach the newest signed head. The whole trail when there is no such
     * checkpoint. The bounded check the engine runs before it starts serving.
     */
    public Result verifyTail(List<Path> files) throws IOException {
        return verify(files, true);
    }

    /** The checkpoints of the files: the ones whose signature verifies, and the first line that is bad. */
    private record Anchors(List<Checkpoint> trusted, String badLine) {
    }

    private Anchors read(List<Path> files) throws IOException {
        List<Checkpoint> trusted = new ArrayList<>();
        String bad = null;
        for (Path f : files) {
            for (CheckpointLog.Entry e : CheckpointLog.read(f)) {
                String problem = null;
                if (e.checkpoint() == null) {
                    problem = "is not a checkpoint (" + e.error() + ")";
                } else if (!e.checkpoint().verify(key)) {
                    problem = "(" + e.checkpoint().kind() + " claiming seq " + e.checkpoint().seq()
                            + "): the signature does not match (the checkpoint was altered or made with another audit key)";
                } else {
                    trusted.add(e.checkpoint());
                }
                if (problem != null && bad == null) {
                    bad = "checkpoint file " + e.file() + " line " + e.line() + " " + problem;
                }
            }
        }
        return new Anchors(trusted, bad);
    }

    /**
     * The checkpoint {@link #verifyTail} starts from: the newest logged checkpoint whose signature verifies and
     * that no purge has passed; null when there is none (then the tail is the whole trail).
     */
    public Checkpoint anchor(List<Path> files) throws IOException {
        List<Checkpoint> cps = read(files).trusted();
        long purgedThrough = 0;
        for (Checkpoint c : cps) {
            if (Checkpoint.PURGE.equals(c.kind())) {
                purgedThrough = Math.max(purgedThrough, c.seq());
            }
        }
        return anchor(cps, purgedThrough);
    }

    private static Checkpoint anchor(List<Checkpoint> cps, long purgedThrough) {
        Checkpoint anchor = null;
        for (Checkpoint c : cps) {
            if (Checkpoint.CHECKPOINT.equals(c.kind()) && c.seq() > purgedThrough && c.seq() > 1
                    && (anchor == null || c.seq() > anchor.seq())) {
                anchor = c;
            }
        }
        return anchor;
    }

    private Result verify(List<Path> files, boolean tailOnly) throws IOException {
        Anchors a = read(files);
        List<Checkpoint> cps = a.trusted();
        Map<Long, Checkpoint> bySeq = new HashMap<>();
        Checkpoint newest = null;
        long purgedThrough = 0;
        for (Checkpoint c : cps) {
            Checkpoint prev = bySeq.putIfAbsent(c.seq(), c);
            if (prev != null && !prev.hash().equals(c.hash())) {
                return fail(c.seq(), "checkpoints of " + prev.time() + " and " + c.time() + " disagree about record seq " + c.seq(), a);
            }
            if (newest == null || c.seq() > newest.seq()) {
                newest = c;
            }
            if (Checkpoint.PURGE.equals(c.kind())) {
                purgedThrough = Math.max(purgedThrough, c.seq());
            }
        }
        Checkpoint anchor = tailOnly ? anchor(cps, purgedThrough) : null;
        long from = anchor == null ? 1 : anchor.seq();
        Scan s = new Scan(bySeq, from);
        try {
            trail.scan(from, s);
        } catch (Scan.Stop stop) {
            // the first problem was found: nothing after it is judged
        }
        if (s.problem != null) {
            return fail(s.badSeq, s.problem, a);
        }
        if (anchor != null && (s.count == 0 || s.firstSeq > from)) {
            // the anchor's own record is gone: the first missing seq follows the last record present before it
            long missing = trail.lastSeqBefore(from) + 1;
            return fail(missing, "record seq " + missing + " is missing (deleted): the checkpoint of " + anchor.time() + " names seq "
                    + from + " but the trail " + (s.count == 0 ? "has no record from seq " + missing + " on"
                            : "continues only at seq " + s.firstSeq), a);
        }
        if (anchor == null && s.count > 0 && s.firstSeq > 1) {
            // the trail must start right after a purge that the (verified) chain itself records
            boolean covered = s.purges.stream().anyMatch(p -> p.through() == s.firstSeq - 1 && s.firstPrevHash.equals(p.hash()));
            if (!covered) {
                long missing = 1;
                for (Checkpoint c : cps) {
                    if (Checkpoint.PURGE.equals(c.kind()) && c.seq() < s.firstSeq) {
                        missing = Math.max(missing, c.seq() + 1);
                    }
                }
                return fail(missing, "record seq " + missing + " is missing (deleted): the trail starts at seq " + s.firstSeq
                        + " and no purge recorded in the chain ends at seq " + (s.firstSeq - 1), a);
            }
        }
        if (newest != null && (s.count == 0 || s.lastSeq < newest.seq())) {
            // the newest records were deleted: a signed head (head.json, refreshed every second) or checkpoint
            // names a seq beyond the last record present, so the first missing seq is the one after it
            long missing = s.count == 0 ? Math.max(1, newest.first()) : s.lastSeq + 1;
            return fail(missing, "record seq " + missing + " is missing (deleted): the " + newest.kind() + " of " + newest.time()
                    + " names head seq " + newest.seq() + " but the trail ends at "
                    + (s.count == 0 ? "nothing" : "seq " + s.lastSeq), a);
        }
        if (a.badLine() != null) {
            return new Result(false, null, a.badLine(), s.count, s.firstSeq, s.lastSeq, cps.size(), newest, anchor);
        }
        return new Result(true, null, null, s.count, s.firstSeq, s.lastSeq, cps.size(), newest, anchor);
    }

    private static Result fail(Long seq, String problem, Anchors a) {
        String p = a.badLine() == null ? problem : problem + "; also " + a.badLine();
        return new Result(false, seq, p, 0, 0, 0, 0, null, null);
    }

    private record Purge(long through, String hash) {
    }

    /** The streaming pass over the records: stops at the first problem. */
    private final class Scan implements java.util.function.Consumer<JdbcAuditTrail.Stored> {

        /** Ends the scan early (thrown out of the database cursor loop). */
        static final class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }

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
            if ((count & 1023) == 0 && cancelled.getAsBoolean()) {
                throw new CancellationException("audit verification cancelled");
            }
            if (count == 0) {
                firstSeq = r.seq();
                firstPrevHash = r.prevHash() == null ? "" : r.prevHash();
                if (r.seq() == 1 && from <= 1 && !JdbcAuditTrail.GENESIS.equals(r.prevHash())) {
                    bad(1L, "record seq 1 does not start the chain (its predecessor hash is not the genesis hash)");
                }
            } else {
                if (r.seq() != lastSeq + 1) {
                    bad(lastSeq + 1, "record seq " + (lastSeq + 1) + " is missing (deleted): seq " + lastSeq + " is followed by seq " + r.seq());
                }
                if (!prevHash.equals(r.prevHash())) {
                    bad(r.seq(), "record seq " + r.seq() + " does not link to record seq " + lastSeq
                            + " (a record was inserted or replaced)");
                }
            }
            if (!trail.intact(r)) {
                bad(r.seq(), "record seq " + r.seq() + " was altered (its HMAC does not match its content)");
            }
            Checkpoint c = bySeq.get(r.seq());
            if (c != null && !c.hash().equals(r.hash())) {
                bad(r.seq(), "record seq " + r.seq() + " differs from the " + c.kind() + " of " + c.time());
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
            progress.incrementAndGet();
        }

        private void bad(Long seq, String p) {
            badSeq = seq;
            problem = p;
            throw new Stop();
        }
    }
}
