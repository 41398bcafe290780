package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Effect;
import org.radbridge.intake.Inbound;
import org.radbridge.store.Tx;

/**
 * The order-control state machine (mission-anchors.md §2.3, dcm4chee ProcedureUpdateService semantics),
 * applied inside the transaction that journals the order: per Study Instance UID, the message's items
 * replace the study's items (same SPS ID updated, others removed, new ones created). Refused, changing
 * nothing: a change (XO, CA, DC ...) for an order never seen (AE 204, unless the sender keeps tombstones);
 * an order whose resolved patient differs from the existing items' patient (AE 205 at PID-3); an assigned
 * identifier already used by another order (AE 205). The patient is resolved through patient_aliases.
 */
final class OrderEffect implements Effect {

    /** Statuses a tombstone holds: a new order (NW) arriving late does not revive them. */
    private static final Set<String> ENDED = Set.of(SpsStatus.CANCELED, SpsStatus.DISCONTINUED);

    private final WorklistService service;
    private final List<PlannedItem> planned;
    private final String patientKey;
    private final boolean tombstone;
    private final Inbound in;
    /** Columns and encoded data set of each planned item, made on the mapping thread (the writer only stores them). */
    private final Map<PlannedItem, WorklistStore.Encoded> encoded = new java.util.IdentityHashMap<>();
    private int written;
    private int removed;

    OrderEffect(WorklistService service, List<PlannedItem> planned, String patientKey, boolean tombstone, Inbound in) {
        this.service = service;
        this.planned = planned;
        this.patientKey = patientKey;
        this.tombstone = tombstone;
        this.in = in;
        for (PlannedItem p : planned) {
            encoded.put(p, WorklistStore.Encoded.of(p.item().dataset()));
        }
    }

    @Override
    public void apply(Tx tx, long messageId) throws Exception {
        WorklistStore store = service.store();
        String patient = PatientAliases.resolve(tx, patientKey);
        if (!patient.equals(patientKey)) {
            in.warn("patient " + patientKey + " was merged into " + patient + ": the items carry the surviving identifier");
        }
        Map<String, List<PlannedItem>> byStudy = new LinkedHashMap<>();
        for (PlannedItem p : planned) {
            byStudy.computeIfAbsent(p.item().studyUid(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<PlannedItem>> e : byStudy.entrySet()) {
            List<PlannedItem> items = e.getValue();
            PlannedItem first = items.get(0);
            List<WorklistItem> existing = store.byStudy(tx, e.getKey());
            if (existing.isEmpty()) {
                checkUnknownOrder(tx, store, first);
            } else {
                checkSamePatient(tx, existing.get(0), patient, first);
                checkSameOrder(existing.get(0), first);
                if (tombstone && first.creates() && existing.stream().allMatch(it -> ENDED.contains(it.status()))) {
                    in.warn("order for Study Instance UID " + e.getKey() + " was cancelled or discontinued before this new order "
                            + "arrived (tombstone): it stays " + existing.get(0).status());
                    continue;
                }
            }
            checkAccession(tx, store, first);
            Set<String> newSps = items.stream().map(p -> p.item().spsId()).collect(Collectors.toSet());
            for (WorklistItem old : existing) {
                if (!newSps.contains(old.spsId())) {
                    service.delete(tx, old, messageId);
                    removed++;
                }
            }
            for (PlannedItem p : items) {
                Attributes ds = p.item().dataset();
                WorklistStore.Encoded enc = encoded.get(p);
                if (keepStation(ds, existing, p.item().spsId())) {
                    enc = WorklistStore.Encoded.of(ds);
                }
                if (!patient.equals(patientKey)) {
                    int caret = patient.indexOf('^');
                    ds.setString(Tag.PatientID, VR.LO, patient.substring(0, caret));
                    ds.setString(Tag.IssuerOfPatientID, VR.LO, patient.substring(caret + 1));
                    enc = WorklistStore.Encoded.of(ds); // the data set changed: encode it again
                }
                service.save(tx, p.item().withPatientKey(patient), messageId, enc, idOf(existing, p.item().spsId()));
                written++;
            }
        }
    }

    /** The id of the study's stored item with this SPS ID (read in this transaction), or null: the save needs no lookup. */
    private static Long idOf(List<WorklistItem> existing, String spsId) {
        for (WorklistItem old : existing) {
            if (old.spsId().equals(spsId)) {
                return old.id();
            }
        }
        return null;
    }

    /**
     * A change with a hidden status (e.g. a cancel) that names no modality or station keeps those of the step it
     * changes, so the item stays complete (PS3.4 Table K.6-1); true if the data set changed.
     */
    private static boolean keepStation(Attributes ds, List<WorklistItem> existing, String spsId) {
        if (RequiredSps.isComplete(ds)) {
            return false;
        }
        Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
        for (WorklistItem old : existing) {
            if (old.spsId().equals(spsId) && old.sps() != null && RequiredSps.isComplete(old.dataset())) {
                if (sps.getString(Tag.Modality, "").isBlank()) {
                    sps.setString(Tag.Modality, VR.CS, old.sps().getString(Tag.Modality));
                }
                if (sps.getStrings(Tag.ScheduledStationAETitle).length == 0
                        || java.util.Arrays.stream(sps.getStrings(Tag.ScheduledStationAETitle)).allMatch(String::isBlank)) {
                    sps.setString(Tag.ScheduledStationAETitle, VR.AE, old.sps().getStrings(Tag.ScheduledStationAETitle));
                }
                return true;
            }
        }
        return false;
    }

    private void checkUnknownOrder(Tx tx, WorklistStore store, PlannedItem p) throws Exception {
        if (p.creates() || tombstone) {
            return;
        }
        String what = p.item().orderKey() == null ? "Study Instance UID " + p.item().studyUid()
                : "placer order " + p.item().orderKey().replace('^', '/');
        if (p.item().orderKey() != null) {
            for (WorklistItem other : store.byOrder(tx, p.item().orderKey())) {
                if (!other.procedureKey().equals(p.item().procedureKey())) {
                    throw Hl7Error.content(Hl7Error.Code.UNKNOWN_KEY, "OBR-4", "ORC-1 " + p.orc1() + " for " + what
                            + " names procedure " + p.item().procedureKey() + ", but the order was scheduled with "
                            + other.procedureKey() + ": a change of procedure must be sent as CA and NW");
                }
            }
        }
        throw Hl7Error.content(Hl7Error.Code.UNKNOWN_KEY, "ORC-2", "ORC-1 " + p.orc1() + " for an unknown order: no worklist item has "
                + what + " (Study Instance UID " + p.item().studyUid() + "); nothing was changed");
    }

    private static void checkSamePatient(Tx tx, WorklistItem existing, String patient, PlannedItem p) throws Exception {
        String theirs = PatientAliases.resolve(tx, existing.patientKey());
        if (theirs != null && !theirs.equals(patient)) {
            throw Hl7Error.content(Hl7Error.Code.DUPLICATE_KEY, "PID-3", "patient " + patient.replace('^', '/') + " differs from "
                    + theirs.replace('^', '/') + " of the scheduled study " + p.item().studyUid() + ": send a patient merge (ADT^A40) or cancel "
                    + "the order first; nothing was changed");
        }
    }

    private static void checkSameOrder(WorklistItem existing, PlannedItem p) {
        if (p.ids().assigned().contains("studyInstanceUid") && existing.orderKey() != null && p.item().orderKey() != null
                && !existing.orderKey().equals(p.item().orderKey())) {
            throw Hl7Error.content(Hl7Error.Code.DUPLICATE_KEY, "ORC-2", "the Study Instance UID assigned to placer order "
                    + p.item().orderKey() + " is already used by order " + existing.orderKey() + ": nothing was changed");
        }
    }

    private static void checkAccession(Tx tx, WorklistStore store, PlannedItem p) throws Exception {
        if (!p.ids().assigned().contains("accessionNumber") || p.item().orderKey() == null) {
            return;
        }
        for (String owner : store.ordersWithAccession(tx, p.ids().accessionNumber())) {
            if (owner != null && !owner.equals(p.item().orderKey())) {
                throw Hl7Error.content(Hl7Error.Code.DUPLICATE_KEY, "ORC-2", "the accession number assigned to placer order "
                        + p.item().orderKey() + " is already used by order " + owner + ": nothing was changed");
            }
        }
    }

    /** The planned items as DICOM JSON (PS3.18 F.2), before the checks against stored items that {@link #apply} makes. */
    @Override
    public List<org.radbridge.intake.EffectPreview> preview() {
        List<Attributes> items = new ArrayList<>();
        StringBuilder sb = new StringBuilder("worklist: ").append(planned.size()).append(" item(s) planned (");
        for (int i = 0; i < planned.size(); i++) {
            WorklistItem it = planned.get(i).item();
            items.add(it.dataset());
            sb.append(i > 0 ? ", " : "").append(it.key()).append(' ').append(it.status());
        }
        return List.of(new org.radbridge.intake.EffectPreview(org.radbridge.intake.EffectPreview.WORKLIST, null,
                org.radbridge.dicom.json.DicomJson.writeArray(items, false), sb.append(')').toString()));
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("worklist: ");
        sb.append(written).append(" item(s) written");
        if (removed > 0) {
            sb.append(", ").append(removed).append(" removed");
        }
        sb.append(" (");
        for (int i = 0; i < planned.size(); i++) {
            WorklistItem it = planned.get(i).item();
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(it.key()).append(' ').append(it.status());
        }
        return sb.append(')').toString();
    }
}
