package org.radbridge.intake;

import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;

/**
 * Loads journaled messages for processing after their ACK (after-store) and for the operator's
 * reprocess action, whose guard refuses a message when a later one exists for the same order (unless
 * forced): replaying an old order over a newer change would undo it.
 */
public final class StoredMessages {

    /** An operator's reprocess request (POST /api/messages/{id}/reprocess). */
    public record ReprocessRequest(long id, boolean force, String principal) {
    }

    /** Refusal of a reprocess request, with an HTTP-ish reason. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Db db;
    private final Journal journal;
    private final Intake intake;

    public StoredMessages(Db db, Journal journal, Intake intake) {
        this.db = db;
        this.journal = journal;
        this.intake = intake;
    }

    /** Journal id -> Inbound for after-store processing. */
    public Inbound load(Long id) {
        JournalRow row = journal.get(db, id);
        if (row == null) {
            throw new IllegalStateException("journal entry " + id + " not found");
        }
        Inbound in = intake.reload(row, Inbound.Mode.STORED);
        if (in.error() != null) {
            throw in.error();
        }
        return in;
    }

    public Inbound loadForReprocess(ReprocessRequest r) {
        JournalRow row = journal.get(db, r.id());
        if (row == null) {
            throw new Refused(404, "no message " + r.id());
        }
        if (row.raw() == null) {
            throw new Refused(409, "the payload of message " + r.id() + " was purged (retention)");
        }
        if (!r.force() && journal.laterForOrder(db, r.id(), row.orderKey())) {
            throw new Refused(409, "a later message exists for the same order; use force=true to reprocess anyway");
        }
        Inbound in = intake.reload(row, Inbound.Mode.REPROCESS);
        if (in.error() != null) {
            throw new Refused(422, "the stored message is refused by the current configuration: " + in.error().text());
        }
        return in;
    }

    /** For the FAILED case of a stored message: the refusal with its code. */
    static Hl7Error internal(String text) {
        return new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null, text);
    }
}
