package org.radbridge.procedure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.intake.Effect;

/**
 * One MPPS request (N-CREATE or N-SET, or an operator's LINK of a stored MPPS to a step) on its way through route procedure-status: what the modality sent, what
 * each step decided (the refusal, the steps performed, their transitions) and the effects the final step applies
 * in one transaction with the journal entry. The SCP answers the modality with {@link #dimseStatus()}.
 */
public final class MppsEvent {

    /** The DIMSE operation. */
    public enum Op {
        CREATE("N-CREATE"), SET("N-SET"), LINK("LINK");

        public final String dimse;

        Op(String dimse) {
            this.dimse = dimse;
        }
    }

    private final Op op;
    private final String iuid;
    private final String callingAe;
    private final String remoteAddress;
    private final Attributes request;
    private final long receivedAt;

    private MppsRecord stored;
    private Attributes after;
    private MppsRefusal refusal;
    private final List<StepLink> links = new ArrayList<>();
    private int unresolved;
    private final Map<StepLink, Transitions.Transition> transitions = new LinkedHashMap<>();
    private final Map<StepLink, Transitions.Case> cases = new LinkedHashMap<>();
    private final Map<StepLink, StepContext> steps = new LinkedHashMap<>();
    private final List<Effect> effects = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String dose;
    private long journalId;
    private StepLink linkRequest;
    private String reason;

    public MppsEvent(Op op, String iuid, String callingAe, String remoteAddress, Attributes request, long receivedAt) {
        this.op = op;
        this.iuid = iuid;
        this.callingAe = callingAe;
        this.remoteAddress = remoteAddress;
        this.request = request;
        this.receivedAt = receivedAt;
    }

    public Op op() {
        return op;
    }

    public String iuid() {
        return iuid;
    }

    public String callingAe() {
        return callingAe;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The data set the modality sent (N-CREATE attribute list or N-SET modification list). */
    public Attributes request() {
        return request;
    }

    public long receivedAt() {
        return receivedAt;
    }

    /** The stored instance before this request (null for an N-CREATE or an unknown instance). */
    public MppsRecord stored() {
        return stored;
    }

    public void stored(MppsRecord r) {
        this.stored = r;
    }

    /** The instance after this request (N-CREATE data set, or stored + modifications). */
    public Attributes after() {
        return after;
    }

    public void after(Attributes a) {
        this.after = a;
    }

    /** Performed Procedure Step Status (0040,0252) after this request. */
    public String status() {
        return after == null ? null : after.getString(Tag.PerformedProcedureStepStatus);
    }

    public boolean refused() {
        return refusal != null;
    }

    public MppsRefusal refusal() {
        return refusal;
    }

    public void refuse(MppsRefusal r) {
        this.refusal = r;
        effects.clear();
    }

    public int dimseStatus() {
        return refusal == null ? 0 : refusal.status();
    }

    /** The steps this MPPS performs (all of them, also those linked by earlier requests). */
    public List<StepLink> links() {
        return links;
    }

    public int unresolved() {
        return unresolved;
    }

    public void unresolved(int n) {
        this.unresolved = n;
    }

    public Map<StepLink, Transitions.Transition> transitions() {
        return transitions;
    }

    public Map<StepLink, Transitions.Case> cases() {
        return cases;
    }

    /** The worklist item and order of each linked step still in the worklist. */
    public Map<StepLink, StepContext> steps() {
        return steps;
    }

    public List<Effect> effects() {
        return effects;
    }

    public void addEffect(Effect e) {
        effects.add(e);
    }

    /** Journal warnings (no PHI). */
    public List<String> notes() {
        return notes;
    }

    public void note(String n) {
        notes.add(n);
    }

    public String dose() {
        return dose;
    }

    public void dose(String json) {
        this.dose = json;
    }

    public long journalId() {
        return journalId;
    }

    public void journalId(long id) {
        this.journalId = id;
    }

    /** An operator's link (op LINK): the step to link ({@code how} "linked", prior status filled by match). */
    public StepLink linkRequest() {
        return linkRequest;
    }

    public void linkRequest(StepLink l, String why) {
        this.linkRequest = l;
        this.reason = why;
    }

    /** The operator's reason of a LINK. */
    public String reason() {
        return reason;
    }

    /** The case of the MPPS as a whole, for the record: unscheduled, append (all steps), group or scheduled. */
    public Transitions.Case overallCase() {
        if (links.isEmpty()) {
            return Transitions.Case.UNSCHEDULED;
        }
        if (!cases.isEmpty() && cases.values().stream().allMatch(c -> c == Transitions.Case.APPEND)) {
            return Transitions.Case.APPEND;
        }
        return links.size() > 1 ? Transitions.Case.GROUP : Transitions.Case.SCHEDULED;
    }

    @Override
    public String toString() {
        return "MPPS " + op.dimse + " " + org.radbridge.dicom.Uids.forLog(iuid) + " from " + callingAe;
    }
}
