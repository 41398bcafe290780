package org.radbridge.procedure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;

/**
 * The text of the order messages that MPPS steps came from, by journal entry id, remembered for the most recently
 * used {@value #SIZE} orders: the N-SET of a procedure (and a group MPPS's other steps) reuse what its N-CREATE
 * read, instead of reading the journal row again. Safe because a journal entry's payload never changes: it is only
 * ever dropped (retention, {@code raw=NULL}), and {@link ProcedureStore#orderMessage} names only entries that still
 * have it. Texts (immutable strings) are shared; each request parses its own copy.
 */
final class OrderTexts {

    static final int SIZE = 1024;

    private final Journal journal;
    private final Map<Long, String> texts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > SIZE;
        }
    };

    OrderTexts(Journal journal) {
        this.journal = journal;
    }

    /** The decoded text of journal entry {@code id}, or null when it has no payload. */
    String get(Tx tx, long id) throws SQLException {
        synchronized (texts) {
            String t = texts.get(id);
            if (t != null) {
                return t;
            }
        }
        JournalRow row = journal.get(tx, id);
        if (row == null || row.raw() == null) {
            return null;
        }
        String t = new String(row.raw(), charset(row.charset()));
        synchronized (texts) {
            texts.put(id, t);
        }
        return t;
    }

    static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException ex) {
            return StandardCharsets.UTF_8;
        }
    }
}
