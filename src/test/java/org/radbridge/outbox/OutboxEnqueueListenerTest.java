package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.store.Db;

/**
 * The enqueue hook of {@link Outbox}: listeners hear every enqueue inside its transaction (what they write
 * commits or rolls back with it, and a failing listener rolls the unit back), but not an operator's
 * redeliver.
 */
class OutboxEnqueueListenerTest {

    @Test
    void listenersRunInTheEnqueuesTransactionAndNotOnRedeliver(@TempDir Path dir) {
        try (Db db = Db.open(new Db.Config(null, null, null, dir, "NORMAL", 2, 64))) {
            Outbox outbox = new Outbox(db);
            List<String> heard = new ArrayList<>();
            outbox.addEnqueueListener((tx, id, messageId, e) -> {
                heard.add(e.destination() + "#" + id);
                if (e.destination().equals("emr")) {
                    outbox.enqueue(tx, messageId, new NewEntry("copy", e.orderingKey(), e.kind(), e.contentType(), e.payload(), e.controlId()));
                }
            });
            long id = db.writeAndWait(tx -> outbox.enqueue(tx, 7L, NewEntry.text("emr", "P1", "hl7", "text/plain", "MSH|x", "C1")));
            assertEquals(List.of("emr#" + id, "copy#" + (id + 1)), heard);
            OutboxEntry copy = outbox.list("copy", null, null, 10).get(0);
            assertEquals("P1", copy.orderingKey());
            assertEquals("MSH|x", copy.payloadText());
            assertEquals(7L, copy.messageId());

            db.writeAndWait(tx -> outbox.redeliver(tx, id, null));
            assertEquals(2, heard.size(), "redeliver is an operator's resend of one entry: no listener");
            assertEquals(2, outbox.list("emr", null, null, 10).size());
            assertEquals(1, outbox.list("copy", null, null, 10).size());
        }
    }

    @Test
    void aFailingListenerRollsTheUnitBack(@TempDir Path dir) {
        try (Db db = Db.open(new Db.Config(null, null, null, dir, "NORMAL", 2, 64))) {
            Outbox outbox = new Outbox(db);
            outbox.addEnqueueListener((tx, id, messageId, e) -> {
                throw new SQLException("listener refuses");
            });
            assertThrows(RuntimeException.class,
                    () -> db.writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text("emr", "P1", "hl7", "text/plain", "x", null))));
            assertEquals(0, outbox.list("emr", null, null, 10).size());
        }
    }
}
