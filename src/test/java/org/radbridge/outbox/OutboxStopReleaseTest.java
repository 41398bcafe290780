package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.metrics.Metrics;
import org.radbridge.store.Db;

/**
 * Graceful stop (docs/deploy.md §4): entries this instance still has claimed when its workers stop become
 * deliverable again at once (RETRYING, claim cleared), for another instance, instead of after the claim expires;
 * another instance's claims stay as they are.
 */
@Timeout(60)
class OutboxStopReleaseTest {

    @Test
    void closingTheWorkersGivesTheirClaimsBack(@TempDir Path dir) {
        try (Db db = Db.open(new Db.Config(null, null, null, dir, "NORMAL", 2, 64))) {
            Outbox ob = new Outbox(db);
            db.writeAndWait(tx -> {
                ob.enqueue(tx, null, NewEntry.text("d", "A", "k", "text/plain", "x", null));
                ob.enqueue(tx, null, NewEntry.text("d", "B", "k", "text/plain", "x", null));
                return null;
            });
            List<OutboxEntry> mine = db.writeAndWait(tx -> ob.claim(tx, "d", "engine-1/d-0", 1, 600_000, true, TransmissionAudit.NONE));
            List<OutboxEntry> theirs = db.writeAndWait(tx -> ob.claim(tx, "d", "engine-2/d-0", 1, 600_000, true, TransmissionAudit.NONE));
            assertEquals(1, mine.size());
            assertEquals(1, theirs.size());
            OutboxWorkers workers = new OutboxWorkers(ob, new Backoff(1000, 60_000, 5), 100, TransmissionAudit.NONE, new Metrics(), "engine-1");
            workers.close();
            assertEquals(List.of(OutboxEntry.RETRYING + "/null", OutboxEntry.IN_FLIGHT + "/engine-2/d-0"),
                    List.of(state(db, mine.get(0).id()), state(db, theirs.get(0).id())));
        }
    }

    static String state(Db db, long id) {
        return db.read(c -> {
            try (var st = c.prepareStatement("SELECT state, claimed_by FROM outbox WHERE id=?")) {
                st.setLong(1, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + "/" + rs.getString(2);
                }
            }
        });
    }
}
