package org.radbridge.intake;

import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;

/**
 * The indexed keys of a journal entry, read from the message so operators can find it
 * (GET /api/messages?patientId=&accession=): patient = PID-3 (first repetition) ID^assigning authority,
 * accession = OBR-18 or IPC-1, order = placer order number ORC-2 (else filler ORC-3, OBR-2, OBR-3) with its
 * namespace. For ADT merges the surviving patient of PID-3 is used.
 */
public final class JournalKeys {

    private JournalKeys() {
    }

    public static String patient(Hl7Message m) {
        Segment pid = m.segment("PID");
        if (pid == null) {
            return null;
        }
        return patientKey(pid.value(3, 1, 1, 0), pid.value(3, 1, 4, 1));
    }

    /** "ID^ISSUER" (issuer namespace may be empty); null without an id. */
    public static String patientKey(String id, String issuer) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return id.trim() + "^" + (issuer == null ? "" : issuer.trim());
    }

    public static String accession(Hl7Message m) {
        Segment ipc = m.segment("IPC");
        if (ipc != null && !ipc.value(1, 1).isEmpty()) {
            return ipc.value(1, 1);
        }
        Segment obr = m.segment("OBR");
        if (obr != null && !obr.value(18, 1).isEmpty()) {
            return obr.value(18, 1);
        }
        return null;
    }

    public static String order(Hl7Message m) {
        Segment orc = m.segment("ORC");
        Segment obr = m.segment("OBR");
        String k = ei(orc, 2);
        if (k == null) {
            k = ei(orc, 3);
        }
        if (k == null) {
            k = ei(obr, 2);
        }
        if (k == null) {
            k = ei(obr, 3);
        }
        return k;
    }

    private static String ei(Segment s, int field) {
        if (s == null) {
            return null;
        }
        String id = s.value(field, 1);
        if (id.isEmpty()) {
            return null;
        }
        return id + "^" + s.value(field, 2);
    }
}
