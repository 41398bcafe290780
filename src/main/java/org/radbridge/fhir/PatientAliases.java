package org.radbridge.fhir;

import java.sql.SQLException;
import org.radbridge.store.Tx;

/** A patient key followed through the merges recorded in patient_aliases (ADT^A40): the surviving key. */
public final class PatientAliases {

    private static final int MAX_HOPS = 16;

    private PatientAliases() {
    }

    public static String resolve(Tx tx, String key) throws SQLException {
        if (key == null) {
            return null;
        }
        String k = key;
        for (int i = 0; i < MAX_HOPS; i++) {
            String t = tx.queryOne("SELECT target_key FROM patient_aliases WHERE alias_key=?", rs -> rs.getString(1), k);
            if (t == null || t.equals(k)) {
                return k;
            }
            k = t;
        }
        return k;
    }
}
