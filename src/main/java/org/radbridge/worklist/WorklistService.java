package org.radbridge.worklist;

import java.sql.SQLException;
import java.util.List;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * Worklist writes shared by orders, patient updates, the API, housekeeping and (later) MPPS: saving and
 * removing items in the caller's transaction, each change queued for the .wl export (when
 * radbridge.worklist.export-dir is set) through the outbox, so the files follow the table at least once.
 */
public final class WorklistService {

    /** Outbox destination of the .wl export. */
    public static final String EXPORT_DESTINATION = "worklist-export";

    private final WorklistStore store;
    private final Outbox outbox;
    private final boolean exportEnabled;
    private final List<String> hiddenStatuses;

    public WorklistService(WorklistStore store, Outbox outbox, boolean exportEnabled, List<String> hiddenStatuses) {
        this.store = store;
        this.outbox = outbox;
        this.exportEnabled = exportEnabled;
        this.hiddenStatuses = List.copyOf(hiddenStatuses);
    }

    public WorklistStore store() {
        return store;
    }

    /** Statuses hidden from C-FIND by default (radbridge.worklist.hide-statuses); their .wl files are removed. */
    public List<String> hiddenStatuses() {
        return hiddenStatuses;
    }

    public long save(Tx tx, WorklistItem item, Long messageId) throws SQLException {
        return save(tx, item, messageId, WorklistStore.Encoded.of(item.dataset()));
    }

    /** {@link #save} with the item's columns and data set encoded beforehand (outside the writer). */
    public long save(Tx tx, WorklistItem item, Long messageId, WorklistStore.Encoded encoded) throws SQLException {
        long id = store.save(tx, item, messageId, encoded);
        export(tx, item.studyUid(), item.spsId(), messageId);
        return id;
    }

    /** The same, by a caller that read the study's items in this transaction: {@code existingId} the item's id or null. */
    public long save(Tx tx, WorklistItem item, Long messageId, WorklistStore.Encoded encoded, Long existingId) throws SQLException {
        long id = store.save(tx, item, messageId, encoded, existingId);
        export(tx, item.studyUid(), item.spsId(), messageId);
        return id;
    }

    public void delete(Tx tx, WorklistItem item, Long messageId) throws SQLException {
        store.delete(tx, item.id());
        export(tx, item.studyUid(), item.spsId(), messageId);
    }

    /** Sets an item's SPS status (API, MPPS); false when there is no such item. */
    /** The same for an item read in this transaction (MPPS: read once to decide, then changed). */
    public void setStatus(Tx tx, WorklistItem item, String status, Long messageId) throws SQLException {
        store.setStatus(tx, item, SpsStatus.of(status));
        export(tx, item.studyUid(), item.spsId(), messageId);
    }

    public boolean setStatus(Tx tx, String studyUid, String spsId, String status, Long messageId) throws SQLException {
        boolean done = store.setStatus(tx, studyUid, spsId, SpsStatus.of(status));
        if (done) {
            export(tx, studyUid, spsId, messageId);
        }
        return done;
    }

    /** Queues "make the .wl file of this item match the table" (write, or remove when gone or hidden). */
    public void export(Tx tx, String studyUid, String spsId, Long messageId) throws SQLException {
        if (exportEnabled) {
            String key = studyUid + "\\" + spsId;
            outbox.enqueue(tx, messageId, NewEntry.text(EXPORT_DESTINATION, key, "mwl-sync", "text/plain", key, null));
        }
    }
}
