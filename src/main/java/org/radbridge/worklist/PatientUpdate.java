package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.FlowKey;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.JournalKeys;
import org.radbridge.worklist.mapping.MwlMapping;

/**
 * The beans of routes/patient-update.camel.yaml (IHE RAD-12 on the worklist): {@link #read} finds the
 * patients of the message (each PID, with its MRG for merges), {@link #plan} plans a {@link PatientEffect}:
 * ADT^A08/A31 update the demographics of the patient's open items; ADT^A40 (and A34/A36 of older senders)
 * merge MRG-1 into PID-3 and ADT^A47 changes the identifier MRG-1 to PID-3: the items move to the surviving
 * identifier and patient_aliases resolves the old one for later messages.
 */
public final class PatientUpdate {

    static final FlowKey<List<Change>> CHANGES = FlowKey.of("worklist.patient-changes");
    private static final Set<String> MERGES = Set.of("A40", "A34", "A36", "A47");

    /** One patient of the message: its PID group, its key and, for merges, the key it replaces. */
    record Change(List<Segment> pidGroup, String key, String mergedKey, int sequence) {
    }

    private volatile MwlMapping mapping;
    private final WorklistService service;

    public PatientUpdate(MwlMapping mapping, WorklistService service) {
        this.mapping = mapping;
        this.service = service;
    }

    /** A configuration reload (config.ConfigReloader, between messages): the mapping now in force. */
    public void reconfigure(MwlMapping next) {
        this.mapping = next;
    }

    /** The PID (and MRG) groups of the message; AE 101 without PID-3, or without MRG-1 in a merge. */
    public Inbound read(Inbound in) {
        Hl7Message m = in.message();
        boolean merge = MERGES.contains(m.triggerEvent());
        List<Change> changes = new ArrayList<>();
        int seq = 0;
        for (List<Segment> g : m.groups("PID")) {
            seq++;
            Segment pid = g.get(0);
            String key = in.identifiers().patient(g);
            if (key == null) {
                throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "PID-3", "patient identifier PID-3 is missing");
            }
            String merged = null;
            if (merge) {
                Segment mrg = g.stream().filter(s -> s.is("MRG")).findFirst().orElse(null);
                if (mrg == null || mrg.value(1, 1, 1, 0).isEmpty()) {
                    throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "MRG-1", m.messageType()
                            + " needs the prior patient identifier MRG-1 after each PID");
                }
                String issuer = mrg.value(1, 1, 4, 1);
                merged = JournalKeys.patientKey(mrg.value(1, 1, 1, 0), issuer.isEmpty() ? pid.value(3, 1, 4, 1) : issuer);
            }
            changes.add(new Change(g, key, merged, seq));
        }
        if (changes.isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, "PID", m.messageType() + " without a PID segment");
        }
        in.put(CHANGES, changes);
        return in;
    }

    /** Plans the demographics update or merge of each patient (applied with the journal entry). */
    public Inbound plan(Inbound in) {
        List<Change> changes = in.get(CHANGES);
        in.addEffect(new PatientEffect(service, mapping, in.message(), in.peer(), changes));
        return in;
    }
}
