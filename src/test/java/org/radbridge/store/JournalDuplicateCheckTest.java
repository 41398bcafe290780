package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The duplicate check of the intake (design.md §2: sender + MSH-10 + content hash among AA'd entries of the
 * window) must cost a few index probes whatever the journal's size: on SQLite it searches messages_dedup
 * (sender, control_id), not messages_ack_at, which would read every AA'd message of the window per message.
 */
class JournalDuplicateCheckTest {

    @Test
    void searchesTheDedupIndexAndFindsOnlyAcceptedEntriesOfTheWindow() throws Exception {
        Path dir = Files.createTempDirectory("dedup");
        try (Db db = Db.open(new Db.Config("", null, null, dir, "NORMAL", 2, 64))) {
            db.writeAndWait(tx -> {
                for (int i = 0; i < 500; i++) { // many AA'd messages of the window, other control ids
                    insert(tx, 1_000 + i, "RIS", "C" + i, "AA", "PROCESSED", "h" + i);
                }
                insert(tx, 10, "RIS", "X1", "AA", "PROCESSED", "old");       // before the window
                insert(tx, 2_000, "RIS", "X1", "AA", "PROCESSED", "kept");
                insert(tx, 2_001, "RIS", "X1", "AE", "REJECTED", "refused"); // not AA
                insert(tx, 2_002, "RIS", "X1", "AA", "DUPLICATE", "dup");    // a duplicate entry itself
                insert(tx, 2_003, "PACS", "X1", "AA", "PROCESSED", "other sender");
                return null;
            });
            String plan = db.read(c -> String.join(" | ", Tx.query(c, "EXPLAIN QUERY PLAN " + Journal.PREVIOUS_SQLITE,
                    rs -> rs.getString(4), "RIS", "X1", 0L)));
            assertTrue(plan.contains("messages_dedup"), plan);
            assertFalse(plan.contains("messages_ack_at"), plan);
            List<Journal.Previous> prev = db.writeAndWait(tx -> new Journal().previousAccepted(tx, "RIS", "X1", 1_000));
            assertEquals(1, prev.size(), prev.toString());
            assertEquals("kept", prev.get(0).contentHash());
        }
    }

    private static void insert(Tx tx, long at, String sender, String controlId, String ack, String state, String hash)
            throws Exception {
        tx.update("INSERT INTO messages (received_at, channel, sender, control_id, state, ack_code, content_hash) "
                + "VALUES (?,?,?,?,?,?,?)", at, "mllp", sender, controlId, state, ack, hash);
    }
}
