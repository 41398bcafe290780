package org.radbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/**
 * Message search (store.MessageSearch, core migration V004) on SQLite and on a real PostgreSQL: every criterion
 * returns exactly the entries a plain filter over all rows finds, newest first by (received_at, id), and keyset
 * pages chain without a gap or a repeat, also when several entries share a received_at.
 */
@ExtendWith(PostgresDatabase.class)
class MessageSearchTest {

    static final String[] SENDERS = {"RIS", "EMR", "PACS"};
    static final String[] TYPES = {"ORM^O01", "ORU^R01", "ADT^A08"};
    static final String[] NAMES = {"SMITH^ANNA", "SMITHSON^PAUL", "SMYTHE^JO", "BROWN^ANNA", "ÖZTÜRK^AYŞE"};

    @Test
    void sqlite() throws Exception {
        Path dir = Files.createTempDirectory("msearch");
        try (Db db = Db.open(new Db.Config("", null, null, dir, "NORMAL", 2, 64))) {
            check(db);
        } finally {
            TestEngine.deleteTree(dir);
        }
    }

    @Test
    void postgresql(@PgUrl String url) throws Exception {
        Path dir = Files.createTempDirectory("msearch");
        try (Db db = Db.open(new Db.Config(url, null, null, dir, null, 2, 64))) {
            check(db);
        } finally {
            TestEngine.deleteTree(dir);
        }
    }

    static void check(Db db) {
        Journal journal = new Journal();
        List<JournalRow> all = new ArrayList<>();
        db.writeAndWait(tx -> {
            for (int i = 0; i < 400; i++) {
                long at = 1_000_000L + (i / 3) * 1000L; // three entries per received_at
                String state = i % 17 == 0 ? "FAILED" : i % 13 == 0 ? "REJECTED" : "PROCESSED";
                JournalRow r = new JournalRow(0, at, "mllp", null, SENDERS[i % 3], "C" + i, TYPES[(i / 3) % 3], "2.5.1", "P",
                        "UTF-8", null, "", state, state.equals("REJECTED") ? "AE" : "AA", null, null, null, null, false, null,
                        "P" + (i % 40) + "^" + (i % 80 < 40 ? "HOSP" : "OTHER"), "A" + (i / 2), null, new byte[] {'x'}, 1, at,
                        NAMES[i % NAMES.length]);
                all.add(r.withId(journal.insert(tx, r)));
            }
            return null;
        });
        all.sort(Comparator.comparingLong(JournalRow::receivedAt).thenComparingLong(JournalRow::id).reversed());
        MessageSearch s = new MessageSearch();
        same(db, s, "", r -> true, all);
        same(db, s, "accession:A7", r -> "A7".equals(r.accession()), all);
        same(db, s, "A7", r -> "A7".equals(r.accession()), all);
        same(db, s, "C42", r -> "C42".equals(r.controlId()), all);
        same(db, s, "control:C42", r -> "C42".equals(r.controlId()), all);
        same(db, s, "patient:P3", r -> r.patientKey().startsWith("P3^"), all);
        same(db, s, "P3^HOSP", r -> r.patientKey().equals("P3^HOSP"), all);
        same(db, s, "patient:P3^OTHER", r -> r.patientKey().equals("P3^OTHER"), all);
        same(db, s, "name:smith", r -> r.patientName().startsWith("SMITH"), all);
        same(db, s, "name:Smith,Anna", r -> r.patientName().equals("SMITH^ANNA"), all);
        same(db, s, "name:öz", r -> r.patientName().startsWith("ÖZ"), all);
        same(db, s, "type:oru^r01", r -> r.messageType().equals("ORU^R01"), all);
        same(db, s, "state:failed", r -> r.state().equals("FAILED"), all);
        same(db, s, "ack:AE sender:EMR", r -> "AE".equals(r.ackCode()) && r.sender().equals("EMR"), all);
        same(db, s, "sender:RIS type:ORM^O01 state:PROCESSED", r -> r.sender().equals("RIS") && r.messageType().equals("ORM^O01")
                && r.state().equals("PROCESSED"), all);
        same(db, s, "sender:PACS type:ADT^A08 from:1970-01-01T00:17 to:1970-01-01T00:18", r -> r.sender().equals("PACS")
                && r.messageType().equals("ADT^A08") && r.receivedAt() >= 1_020_000 && r.receivedAt() < 1_080_000, all);
        same(db, s, "from:1970-01-01T00:17:40 to:1970-01-01T00:18:20", r -> r.receivedAt() >= 1_060_000 && r.receivedAt() < 1_100_000, all);
        same(db, s, "accession:NONE", r -> false, all);
        same(db, s, "sender:RIS type:NOPE", r -> false, all);

        // the API's filter: same order, its "before" cursor continues after that entry
        List<JournalRow> api = journal.search(db, new Journal.Filter(null, null, null, null, null, null, null, 10));
        assertEquals(ids(all.subList(0, 10)), ids(api));
        List<JournalRow> next = journal.search(db, new Journal.Filter(null, null, null, null, null, null, api.get(9).id(), 10));
        assertEquals(ids(all.subList(10, 20)), ids(next));
        assertThrows(IllegalArgumentException.class, () -> MessageQuery.parse("colour:blue", ZoneOffset.UTC, 0));
        assertThrows(IllegalArgumentException.class, () -> MessageQuery.parse("from:yesterday", ZoneOffset.UTC, 0));
        assertThrows(IllegalArgumentException.class, () -> MessageQuery.Cursor.parse("12"));
    }

    /** The search, paged by 7, gives exactly the expected entries in order, each once. */
    static void same(Db db, MessageSearch s, String line, Predicate<JournalRow> expected, List<JournalRow> all) {
        MessageQuery q = MessageQuery.parse(line, ZoneOffset.UTC, System.currentTimeMillis());
        List<Long> want = ids(all.stream().filter(expected).toList());
        List<Long> got = new ArrayList<>();
        MessageQuery.Cursor after = null;
        for (int pages = 0; pages < 200; pages++) {
            MessageSearch.Page p = s.search(db, q, after, 7);
            got.addAll(ids(p.rows()));
            assertTrue(p.rows().size() <= 7);
            if (p.next() == null) {
                break;
            }
            after = MessageQuery.Cursor.parse(p.next().token());
        }
        assertEquals(want, got, line);
        Set<Long> unique = new HashSet<>(got);
        assertEquals(got.size(), unique.size(), line + ": no entry twice");
        if (want.isEmpty()) {
            assertNull(s.search(db, q, null, 7).next());
        }
    }

    static List<Long> ids(List<JournalRow> rows) {
        return rows.stream().map(JournalRow::id).toList();
    }
}
