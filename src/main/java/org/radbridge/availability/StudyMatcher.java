package org.radbridge.availability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistItem;
import org.radbridge.worklist.WorklistStore;

/**
 * Finds the worklist items (scheduled procedure steps) an available study belongs to, in this order
 * (docs/study-available.md "Matching"):
 * <ol>
 * <li>Study Instance UID (0020,000D): the items scheduled with it;</li>
 * <li>Accession Number (0008,0050) + issuer (Issuer of Accession Number Sequence &gt; Local Namespace Entity ID):
 *     the items with that accession whose issuer is the event's (an event without issuer matches only when the
 *     accession belongs to a single order);</li>
 * <li>optionally (radbridge.availability.match-by-patient): Patient ID + Issuer of Patient ID + SPS start date = Study
 *     Date + a modality of the study, when exactly one order has such items.</li>
 * </ol>
 * A look-up that finds items of several orders is ambiguous and matches nothing (the study goes to its no-order
 * policy, with the reason).
 */
public final class StudyMatcher {

    /** By what the items were found ("study-uid", "accession", "patient") and the items; by "none" = no match. */
    public record Match(String by, List<WorklistItem> items, String note) {

        public boolean matched() {
            return !items.isEmpty();
        }
    }

    private final WorklistStore store;
    private final boolean byPatient;

    public StudyMatcher(WorklistStore store, boolean byPatient) {
        this.store = store;
        this.byPatient = byPatient;
    }

    public Match match(Tx tx, StudyEvent e) throws SQLException {
        List<WorklistItem> byUid = store.byStudy(tx, e.studyInstanceUid());
        if (!byUid.isEmpty()) {
            return new Match("study-uid", byUid, "");
        }
        String note = "";
        if (!e.accessionNumber().isEmpty()) {
            List<WorklistItem> acc = new ArrayList<>();
            for (WorklistItem it : items(tx, "SELECT study_uid, sps_id FROM worklist_items WHERE accession=? ORDER BY id",
                    e.accessionNumber())) {
                String issuer = accessionIssuer(it.dataset());
                if (e.accessionIssuer().isEmpty() || issuer.isEmpty() || issuer.equals(e.accessionIssuer())) {
                    acc.add(it);
                }
            }
            if (orders(acc) == 1) {
                return new Match("accession", acc, "");
            }
            if (orders(acc) > 1) {
                note = "accession " + e.accessionNumber() + " belongs to " + orders(acc) + " orders: ambiguous";
            }
        }
        if (byPatient && note.isEmpty() && !e.patientId().isEmpty() && !e.studyDate().isEmpty() && !e.modalities().isEmpty()) {
            List<WorklistItem> pat = new ArrayList<>();
            for (WorklistItem it : items(tx, "SELECT study_uid, sps_id FROM worklist_items WHERE patient_id=? "
                    + "AND sps_start_date=? ORDER BY id", e.patientId(), e.studyDate())) {
                String issuer = it.dataset().getString(Tag.IssuerOfPatientID, "");
                String modality = it.sps() == null ? "" : it.sps().getString(Tag.Modality, "");
                if (issuer.equals(e.patientIdIssuer()) && e.modalities().contains(modality)) {
                    pat.add(it);
                }
            }
            if (orders(pat) == 1) {
                return new Match("patient", pat, "");
            }
            if (orders(pat) > 1) {
                note = "patient, date and modality fit " + orders(pat) + " orders: ambiguous";
            }
        }
        return new Match("none", List.of(), note);
    }

    private List<WorklistItem> items(Tx tx, String sql, Object... args) throws SQLException {
        List<String[]> keys = tx.query(sql, rs -> new String[] {rs.getString(1), rs.getString(2)}, args);
        List<WorklistItem> out = new ArrayList<>();
        for (String[] k : keys) {
            WorklistItem it = store.get(tx, k[0], k[1]);
            if (it != null) {
                out.add(it);
            }
        }
        return out;
    }

    static String accessionIssuer(Attributes ds) {
        Attributes i = ds.getNestedItem(Tag.IssuerOfAccessionNumberSequence);
        return i == null ? "" : i.getString(Tag.LocalNamespaceEntityID, "");
    }

    /** Number of distinct orders (order key, else study) among the items. */
    static int orders(List<WorklistItem> items) {
        Set<String> o = new LinkedHashSet<>();
        for (WorklistItem it : items) {
            o.add(Objects.requireNonNullElse(it.orderKey(), "study:" + it.studyUid()));
        }
        return o.size();
    }
}
