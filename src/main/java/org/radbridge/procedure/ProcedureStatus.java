package org.radbridge.procedure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.store.Journal;
import org.radbridge.store.Tx;
import org.radbridge.intake.Effect;
import org.radbridge.worklist.WorklistItem;
import org.radbridge.worklist.WorklistService;

/**
 * The first steps of route procedure-status (IHE RAD-6/7 as PPS Manager): {@link #validate} applies the MPPS object
 * rules ({@link MppsRules}), {@link #match} finds the Scheduled Procedure Steps the MPPS performs (Scheduled Step
 * Attributes Sequence (0040,0270): Study Instance UID + SPS ID, else Accession Number (+ Requested Procedure ID)),
 * {@link #transition} applies the transition table ({@link Transitions}) to each step. A refused request skips
 * every step but the journal.
 */
public final class ProcedureStatus {

    private final ProcedureStore store;
    private final WorklistService worklist;
    private final Transitions transitions;
    private final OrderTexts orders;

    public ProcedureStatus(ProcedureStore store, WorklistService worklist, Transitions transitions, Journal journal) {
        this.store = store;
        this.worklist = worklist;
        this.transitions = transitions;
        this.orders = new OrderTexts(journal);
    }

    /**
     * PS3.4 F.7.2 object rules against the stored instance, and the UIDs the flow takes (PS3.5 9.1: 0117 for the MPPS
     * instance, 0106 for referenced UIDs); a breach refuses the request (DIMSE failure): journaled, nothing stored.
     */
    public MppsEvent validate(MppsEvent e) {
        MppsRecord stored = store.get(e.iuid());
        e.stored(stored);
        try {
            if (e.op() != MppsEvent.Op.LINK) {
                MppsRules.checkInstanceUid(e.iuid(), e.op() == MppsEvent.Op.CREATE);
            }
            if (e.op() == MppsEvent.Op.CREATE) {
                MppsRules.checkCreate(e.request(), stored != null);
                MppsRules.checkReferencedUids(e.request());
                e.after(e.request().copy());
            } else if (e.op() == MppsEvent.Op.LINK) {
                if (stored == null) {
                    throw new MppsRefusal(org.radbridge.dicom.net.Status.NO_SUCH_OBJECT_INSTANCE, "no such MPPS instance", -1);
                }
                e.after(stored.dataset());
            } else {
                MppsRules.checkSet(stored == null ? null : stored.dataset(), e.request());
                MppsRules.checkReferencedUids(e.request());
                List<String> ignored = new ArrayList<>();
                e.after(MppsRules.merge(stored.dataset(), e.request(), ignored));
                if (!ignored.isEmpty()) {
                    e.note("N-SET attributes not allowed to change, ignored (PS3.4 F.7.2.2): " + String.join(", ", ignored));
                }
            }
        } catch (MppsRefusal r) {
            e.refuse(r);
        }
        return e;
    }

    /** The steps performed: on N-CREATE matched from the Scheduled Step Attributes Sequence, on N-SET those stored. */
    public MppsEvent match(MppsEvent e) throws Exception {
        if (e.refused()) {
            return e;
        }
        store.db().read(c -> {
            Tx tx = new Tx(c, store.db().dialect());
            java.util.Map<String, WorklistItem> read = new java.util.HashMap<>();
            if (e.op() == MppsEvent.Op.SET) {
                e.links().addAll(store.links(tx, e.iuid()));
                e.unresolved(e.stored().unresolved());
            } else if (e.op() == MppsEvent.Op.LINK) {
                linkStep(tx, e);
            } else {
                matchCreate(tx, e, read);
            }
            loadSteps(tx, e, read);
            return null;
        });
        if (e.op() != MppsEvent.Op.CREATE || e.refused()) {
            return e;
        }
        if (e.links().isEmpty()) {
            e.note("MPPS matches no scheduled procedure step: on the reconciliation list (GET /api/procedures?unmatched=true)");
        } else if (e.unresolved() > 0) {
            e.note(e.unresolved() + " reference(s) of the Scheduled Step Attributes Sequence match no worklist item");
        }
        return e;
    }

    /** {@code read}: the worklist items found, by "study\\sps" (read once in this transaction). */
    private void matchCreate(Tx tx, MppsEvent e, java.util.Map<String, WorklistItem> read) throws java.sql.SQLException {
        Set<String> seen = new LinkedHashSet<>();
        int unresolved = 0;
        Sequence refs = e.after().getSequence(Tag.ScheduledStepAttributesSequence);
        for (Attributes ref : refs == null ? List.<Attributes>of() : refs) {
            List<WorklistItem> found = find(tx, ref);
            boolean referencesAStep = ref.getString(Tag.ScheduledProcedureStepID) != null || ref.getString(Tag.AccessionNumber) != null;
            if (found.isEmpty() && referencesAStep) {
                unresolved++;
            }
            for (WorklistItem it : found) {
                read.putIfAbsent(it.studyUid() + "\\" + it.spsId(), it);
                if (seen.add(it.studyUid() + "\\" + it.spsId())) {
                    e.links().add(new StepLink(it.studyUid(), it.spsId(), it.status(), "matched"));
                }
            }
        }
        e.unresolved(unresolved);
    }

    /** LINK: the stored links plus the operator's step (which must exist and not be linked yet). */
    private void linkStep(Tx tx, MppsEvent e) throws java.sql.SQLException {
        e.links().addAll(store.links(tx, e.iuid()));
        StepLink want = e.linkRequest();
        WorklistItem it = worklist.store().get(tx, want.studyUid(), want.spsId());
        if (it == null) {
            e.refuse(new MppsRefusal(org.radbridge.dicom.net.Status.NO_SUCH_OBJECT_INSTANCE, "no worklist item " + want.key(), -1));
            return;
        }
        for (StepLink l : e.links()) {
            if (l.studyUid().equals(want.studyUid()) && l.spsId().equals(want.spsId())) {
                e.refuse(new MppsRefusal(org.radbridge.dicom.net.Status.DUPLICATE_SOP_INSTANCE, "already linked to " + want.key(), -1));
                return;
            }
        }
        StepLink l = new StepLink(want.studyUid(), want.spsId(), it.status(), "linked");
        e.linkRequest(l, e.reason());
        e.links().add(l);
        e.unresolved(Math.max(0, e.stored().unresolved() - 1));
    }

    /**
     * The worklist item (unless already {@code read} in this transaction) and the order message of each linked step
     * (its text read once per order: {@link OrderTexts}; parsed per request).
     */
    private void loadSteps(Tx tx, MppsEvent e, java.util.Map<String, WorklistItem> read) throws java.sql.SQLException {
        for (StepLink l : e.links()) {
            WorklistItem known = read.get(l.studyUid() + "\\" + l.spsId());
            WorklistItem it = known != null ? known : worklist.store().get(tx, l.studyUid(), l.spsId());
            if (it == null) {
                e.note("SPS " + l.key() + " is no longer in the worklist");
                continue;
            }
            Long order = store.orderMessage(tx, l.studyUid(), l.spsId(), it.orderKey());
            String text = order == null ? null : orders.get(tx, order);
            Hl7Message msg = text == null ? null : Hl7Parser.parse(text);
            e.steps().put(l, new StepContext(it, order, msg));
        }
    }

    /** Study Instance UID + SPS ID; else Accession Number with the SPS ID or Requested Procedure ID if given. */
    private List<WorklistItem> find(Tx tx, Attributes ref) throws java.sql.SQLException {
        String study = ref.getString(Tag.StudyInstanceUID);
        String sps = ref.getString(Tag.ScheduledProcedureStepID);
        String accession = ref.getString(Tag.AccessionNumber);
        String rp = ref.getString(Tag.RequestedProcedureID);
        List<WorklistItem> out = new ArrayList<>();
        if (study != null && sps != null) {
            WorklistItem it = worklist.store().get(tx, study, sps);
            if (it != null) {
                out.add(it);
                return out;
            }
        }
        if (accession != null) {
            for (String[] k : store.stepsWithAccession(tx, accession)) {
                WorklistItem it = worklist.store().get(tx, k[0], k[1]);
                if (it == null || sps != null && !sps.equals(it.spsId())) {
                    continue;
                }
                if (rp != null && !rp.equals(it.dataset().getString(Tag.RequestedProcedureID))) {
                    continue;
                }
                out.add(it);
            }
        }
        return out;
    }

    /**
     * When the status changes (N-CREATE: IN PROGRESS; N-SET: COMPLETED or DISCONTINUED), each step's transition of
     * its case; the SPS status changes become effects of the journal transaction.
     */
    public MppsEvent transition(MppsEvent e) {
        if (e.refused()) {
            return e;
        }
        boolean changed = e.op() == MppsEvent.Op.CREATE || !e.status().equals(e.stored().status());
        List<String> reasons = Transitions.reasonCodes(e.after());
        for (StepLink l : e.links()) {
            Transitions.Case c = Transitions.caseOf(l.priorStatus(), e.links().size());
            e.cases().put(l, c);
            if (e.op() == MppsEvent.Op.LINK ? l.equals(e.linkRequest()) : changed) {
                e.transitions().put(l, transitions.decide(c, e.status(), reasons));
            }
        }
        for (var t : e.transitions().entrySet()) {
            String to = t.getValue().sps();
            if (to != null) {
                e.addEffect(setStatus(t.getKey(), to));
            }
        }
        return e;
    }

    /** Route step record-dose: the dose the MPPS reports, for the journal and the stored MPPS (PS3.3 C.4.16). */
    public MppsEvent dose(MppsEvent e) {
        if (!e.refused()) {
            e.dose(Dose.summary(e.after()));
        }
        return e;
    }

    /** Sets a step's SPS Status (the worklist queues its .wl export); a step removed meanwhile is noted. */
    Effect setStatus(StepLink l, String to) {
        return new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                WorklistItem it = worklist.store().get(tx, l.studyUid(), l.spsId());
                if (it != null && !to.equals(it.status())) {
                    worklist.setStatus(tx, it, to, messageId);
                }
            }

            @Override
            public String describe() {
                return "SPS " + l.key() + " -> " + to;
            }
        };
    }
}
