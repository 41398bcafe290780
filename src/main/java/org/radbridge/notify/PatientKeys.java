package org.radbridge.notify;

import java.sql.SQLException;
import org.radbridge.store.Tx;

/**
 * The ordering key of outbound messages (design.md §2): the patient as PID-3 ID^issuer, resolved through
 * merges (table patient_aliases, written by the patient-update flow), so the messages of a merged patient
 * stay in one ordered queue with the surviving patient's.
 */
public final class PatientKeys {

    private static final int MAX_HOPS = 16;

    private PatientKeys() {
    }

    /** The surviving key of {@code key} (itself when it was never merged); "" for no patient. */
    public static String resolve(Tx tx, String key) throws SQLException {
        if (key == null || key.isEmpty()) {
            return "";
        }
        String k = key;
        for (int i = 0; i < MAX_HOPS; i++) {
            String target = tx.queryOne("SELECT target_key FROM patient_aliases WHERE alias_key=?", rs -> rs.getString(1), k);
            if (target == null || target.equals(k)) {
                return k;
            }
            k = target;
        }
        return k; // a cycle or an unusually long chain: stop at a stable point
    }
}
