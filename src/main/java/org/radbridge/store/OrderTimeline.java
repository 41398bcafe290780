package org.radbridge.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One order's timeline across every system, for the console's /console/orders/{accession}: assembled from the
 * journal (HL7 in: new/change/cancel, MPPS N-CREATE/N-SET, study available, report, with each entry's effects),
 * the worklist (the scheduled step and its current status), the MPPS table, study availability, and the outbox
 * (each outbound HL7 and FHIR delivery, with every attempt and the receiver's answer). Read only; the rows are
 * found by accession number, then by the order keys and Study Instance UIDs of the worklist items carrying it.
 */
public final class OrderTimeline {

    /** Systems of the timeline's lanes. */
    public static final String HL7_IN = "HL7 in", WORKLIST = "Worklist", MPPS = "MPPS", PACS = "Study available",
            REPORT = "Report", OUT_HL7 = "HL7 out", OUT_FHIR = "FHIR", OUT_OTHER = "Delivery", OTHER = "Journal";

    /**
     * One point in time: when, which system, what happened, detail, the journal entry it belongs to (or null) and
     * the outbox entry (or null).
     */
    public record Event(long at, String system, String what, String detail, Long messageId, Long outboxId) {
    }

    /** The worklist step as it stands (for the page header). */
    public record Step(String studyUid, String spsId, String status, String modality, String stations, String start,
            String patientId, String patientName, long createdAt, long updatedAt) {
    }

    /**
     * The timeline: the order's patient key (first journal entry that has one, for the audit record of the view),
     * its worklist steps and its events oldest first. Empty when the accession is unknown.
     */
    public record Timeline(String accession, String patientKey, List<Step> steps, List<Event> events) {

        public boolean isEmpty() {
            return steps.isEmpty() && events.isEmpty();
        }
    }

    private static final int MAX_MESSAGES = 500;

    public Timeline load(Db db, String accession) {
        return db.read(c -> load(c, accession));
    }

    private Timeline load(Connection c, String accession) throws SQLException {
        List<Step> steps = Tx.query(c, "SELECT study_uid, sps_id, sps_status, modality, station_aes, sps_start, patient_id, "
                + "patient_name, created_at, updated_at, order_key FROM worklist_items WHERE accession=? ORDER BY id",
                rs -> new Step(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10)), accession);
        Set<String> orderKeys = new LinkedHashSet<>(Tx.query(c, "SELECT order_key FROM worklist_items WHERE accession=? "
                + "AND order_key IS NOT NULL", rs -> rs.getString(1), accession));
        Set<String> studies = new LinkedHashSet<>();
        for (Step s : steps) {
            studies.add(s.studyUid());
        }
        List<Event> events = new ArrayList<>();
        for (Step s : steps) {
            events.add(new Event(s.createdAt(), WORKLIST, "step scheduled", "SPS " + s.spsId() + " " + nz(s.modality())
                    + " on " + nz(s.stations()) + " at " + nz(s.start()) + " (Study " + s.studyUid() + ")", null, null));
            if (s.updatedAt() != s.createdAt()) {
                events.add(new Event(s.updatedAt(), WORKLIST, "step status " + s.status(), "SPS " + s.spsId()
                        + " (last change)", null, null));
            }
        }
        // journal entries: by accession, and by the order's keys (messages without OBR-18)
        Set<Long> ids = new LinkedHashSet<>(Tx.query(c, "SELECT id FROM messages WHERE accession=? ORDER BY received_at, id",
                rs -> rs.getLong(1), accession));
        for (String k : orderKeys) {
            ids.addAll(Tx.query(c, "SELECT id FROM messages WHERE order_key=? ORDER BY id", rs -> rs.getLong(1), k));
        }
        String patientKey = null;
        int n = 0;
        for (long id : ids) {
            if (++n > MAX_MESSAGES) {
                break;
            }
            Object[] m = Tx.query(c, "SELECT received_at, message_type, sender, state, ack_code, control_id, raw, patient_key "
                    + "FROM messages WHERE id=?", rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getString(8)}, id).get(0);
            if (patientKey == null) {
                patientKey = (String) m[7];
            }
            String type = nz((String) m[1]);
            String system = system(type);
            String what = what(type, (byte[]) m[6]);
            events.add(new Event((Long) m[0], system, what, type + " from " + m[2] + " (MSH-10 " + nz((String) m[5])
                    + "), " + m[3] + (m[4] == null ? "" : ", ACK " + m[4]), id, null));
            for (Object[] e : Tx.query(c, "SELECT at, kind, detail FROM message_events WHERE message_id=? AND kind<>'STATE' "
                    + "ORDER BY id", rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}, id)) {
                String detail = nz((String) e[2]);
                events.add(new Event((Long) e[0], detail.startsWith("SPS ") || detail.startsWith("worklist") ? WORKLIST : system,
                        ((String) e[1]).toLowerCase(java.util.Locale.ROOT), detail, id, null));
            }
            outbox(c, id, events);
        }
        for (String study : studies) {
            for (Object[] p : Tx.query(c, "SELECT sop_instance_uid, status, calling_ae, created_at, updated_at, linked "
                    + "FROM mpps WHERE study_uid=? OR accession=?", rs -> new Object[] {rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getInt(6)}, study, accession)) {
                events.add(new Event((Long) p[4], MPPS, "MPPS " + p[1], "from " + p[2] + ", " + ((Integer) p[5] != 0
                        ? "linked to the step" : "NOT linked (reconciliation)") + ", SOP Instance " + p[0], null, null));
            }
            for (Object[] a : Tx.query(c, "SELECT series_count, instance_count, first_at, updated_at FROM availability_studies "
                    + "WHERE study_uid=?", rs -> new Object[] {rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)}, study)) {
                events.add(new Event((Long) a[2], PACS, "study available", a[0] + " series, " + a[1] + " instances (Study "
                        + study + ")", null, null));
            }
        }
        events.sort(Comparator.comparingLong(Event::at));
        return new Timeline(accession, patientKey, steps, dedupe(events));
    }

    private static List<Event> dedupe(List<Event> events) {
        List<Event> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Event e : events) {
            if (seen.add(e.at() + "|" + e.system() + "|" + e.what() + "|" + e.detail() + "|" + e.messageId() + "|" + e.outboxId())) {
                out.add(e);
            }
        }
        return out;
    }

    private static void outbox(Connection c, long messageId, List<Event> events) throws SQLException {
        for (Object[] o : Tx.query(c, "SELECT id, created_at, destination, kind, state, control_id FROM outbox WHERE message_id=? "
                + "ORDER BY id", rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6)}, messageId)) {
            long oid = (Long) o[0];
            String kind = nz((String) o[3]);
            String system = kind.startsWith("fhir") ? OUT_FHIR : kind.startsWith("hl7") || kind.startsWith("oru")
                    || kind.startsWith("orm") || kind.contains("status") ? OUT_HL7 : OUT_OTHER;
            events.add(new Event((Long) o[1], system, "queued for " + o[2], kind + (o[5] == null ? "" : " (control id " + o[5] + ")")
                    + ", now " + o[4], messageId, oid));
            for (Object[] a : Tx.query(c, "SELECT at, outcome, detail FROM outbox_attempts WHERE outbox_id=? ORDER BY id",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}, oid)) {
                events.add(new Event((Long) a[0], system, "delivery to " + o[2] + ": " + a[1], nz((String) a[2]), messageId, oid));
            }
        }
    }

    static String system(String type) {
        if (type.startsWith("MPPS")) {
            return MPPS;
        }
        if (type.startsWith("study-available")) {
            return PACS;
        }
        if (type.startsWith("ORU") || type.startsWith("MDM")) {
            return REPORT;
        }
        if (type.startsWith("ORM") || type.startsWith("OMI") || type.startsWith("OMG") || type.startsWith("ADT")
                || type.startsWith("SIU")) {
            return HL7_IN;
        }
        return OTHER;
    }

    /** What an entry was: for orders the order control (ORC-1) in words. */
    static String what(String type, byte[] raw) {
        if (type.startsWith("ORM") || type.startsWith("OMI") || type.startsWith("OMG")) {
            String orc1 = orc1(raw);
            return "order " + switch (orc1) {
                case "NW" -> "new (NW)";
                case "XO" -> "change (XO)";
                case "CA" -> "cancel (CA)";
                case "DC" -> "discontinue (DC)";
                case "SC" -> "status (SC)";
                case "OC" -> "cancelled (OC)";
                default -> orc1.isEmpty() ? "message" : "(" + orc1 + ")";
            };
        }
        if (type.startsWith("ORU")) {
            return "report received";
        }
        if (type.startsWith("MPPS")) {
            return type.substring(5);
        }
        if (type.startsWith("study-available")) {
            return "study available";
        }
        return type;
    }

    private static String orc1(byte[] raw) {
        if (raw == null) {
            return "";
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        int i = s.indexOf("\rORC");
        if (i < 0 || s.length() < i + 5) {
            return "";
        }
        char sep = s.charAt(i + 4);
        int end = i + 5;
        while (end < s.length() && s.charAt(end) != sep && s.charAt(end) != '\r') {
            end++;
        }
        String v = s.substring(i + 5, end);
        int comp = v.indexOf('^');
        return comp >= 0 ? v.substring(0, comp) : v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
