package org.radbridge.intake;

import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.ErrorLocation;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.order.OrderIdentifiers;

/**
 * The indexed keys of a journal entry besides the identifiers, so operators can find it
 * (GET /api/messages?patientId=&accession=&name=): the searchable patient name, and the check that no identifier
 * is too long to be a key. The patient, accession and order keys are read by {@link OrderIdentifiers#keys} with the
 * paths of mappings/hl7-to-mwl/ (patient = PatientID^IssuerOfPatientID, PID-3.1^PID-3.4.1; accession =
 * AccessionNumber, OBR-18 or IPC-1; order = the placer order number, else the filler order number, with its
 * namespace), so a site overlay that moves one moves the key too.
 */
public final class JournalKeys {

    private JournalKeys() {
    }

    /** Longest identifier accepted in a key field: HL7 v2.5 EI.1 (entity identifier, ST) is at most 199 characters. */
    public static final int MAX_ID_LENGTH = 199;

    /** The key fields checked by {@link #overlong}: segment, field, whether every repetition is an identifier. */
    private static final Object[][] ID_FIELDS = {{"PID", 3, true}, {"MRG", 1, true}, {"IPC", 1, false}, {"OBR", 18, false},
        {"ORC", 2, false}, {"ORC", 3, false}, {"OBR", 2, false}, {"OBR", 3, false}};

    /**
     * The first identifier (CX.1 / EI.1 / OBR-18) longer than {@link #MAX_ID_LENGTH}, as an AE 104 "Value too long"
     * at its field, or null. Such a value cannot be a key of a worklist item or a DICOM attribute (LO 64, SH 16)
     * and must not be cut silently: two orders would share what is left.
     */
    public static Hl7Error overlong(Hl7Message m) {
        for (Object[] f : ID_FIELDS) {
            String id = (String) f[0];
            int field = (Integer) f[1];
            int seq = 0;
            for (Segment s : m.segments(id)) {
                seq++;
                int reps = (Boolean) f[2] ? s.repetitionCount(field) : Math.min(1, s.repetitionCount(field));
                for (int r = 1; r <= reps; r++) {
                    int n = s.raw(field, r, 1, 0).length();
                    if (n > MAX_ID_LENGTH) {
                        return new Hl7Error(AckCode.AE, Hl7Error.Code.VALUE_TOO_LONG,
                                new ErrorLocation(id, seq, field, r, 1, 0), id + "-" + field + ".1 is " + n
                                        + " characters long: an identifier may have at most " + MAX_ID_LENGTH);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The searchable patient name: PID-5 (first repetition) family name (XPN.1.1) and given name (XPN.2), upper-cased,
     * "FAMILY^GIVEN" (console message search by name prefix, store.MessageSearch); null without a family name.
     */
    public static String patientName(Hl7Message m) {
        Segment pid = m.segment("PID");
        if (pid == null) {
            return null;
        }
        return searchName(pid.value(5, 1, 1, 1), pid.value(5, 1, 2, 0));
    }

    /** "FAMILY^GIVEN" upper-cased (at most 128 characters), or null without a family name. */
    public static String searchName(String family, String given) {
        if (family == null || family.isBlank()) {
            return null;
        }
        String n = family.trim().toUpperCase(java.util.Locale.ROOT)
                + (given == null || given.isBlank() ? "" : "^" + given.trim().toUpperCase(java.util.Locale.ROOT));
        return n.length() > 128 ? n.substring(0, 128) : n;
    }

    /** "ID^ISSUER" (issuer namespace may be empty); null without an id ({@link OrderIdentifiers#patientKey}). */
    public static String patientKey(String id, String issuer) {
        return OrderIdentifiers.patientKey(id, issuer);
    }
}
