package org.radbridge.worklist;

import java.sql.SQLException;
import org.radbridge.store.Tx;

/**
 * The patient alias table (patient_aliases, core schema): a merged-away or replaced patient key (PID-3
 * "ID^issuer" of ADT^A40/A34/A36 MRG-1, or the old identifier of ADT^A47) points at the surviving key, so
 * later messages with the old identifier resolve to the surviving patient (design.md §2, ordering key;
 * mission-anchors.md §2 RAD-12). Chains are kept flat: when a target is itself merged, every alias pointing
 * at it is moved on.
 */
public final class PatientAliases {

    private PatientAliases() {
    }

    /** The surviving key for a patient key (itself when it was never merged away); null stays null. */
    public static String resolve(Tx tx, String key) throws SQLException {
        if (key == null) {
            return null;
        }
        String cur = key;
        for (int i = 0; i < 16; i++) {
            String next = tx.queryOne("SELECT target_key FROM patient_aliases WHERE alias_key=?", rs -> rs.getString(1), cur);
            if (next == null || next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return cur;
    }

    /** Records that {@code oldKey} now means {@code newKey} (already resolved); re-points aliases of oldKey. */
    public static void merge(Tx tx, String oldKey, String newKey, long messageId) throws SQLException {
        if (oldKey == null || newKey == null || oldKey.equals(newKey)) {
            return;
        }
        tx.update("DELETE FROM patient_aliases WHERE alias_key=?", newKey);
        tx.update("UPDATE patient_aliases SET target_key=? WHERE target_key=?", newKey, oldKey);
        tx.update("INSERT INTO patient_aliases (alias_key, target_key, created_at, message_id) VALUES (?,?,?,?) "
                + "ON CONFLICT (alias_key) DO UPDATE SET target_key=excluded.target_key, created_at=excluded.created_at, "
                + "message_id=excluded.message_id", oldKey, newKey, System.currentTimeMillis(), messageId);
    }
}
