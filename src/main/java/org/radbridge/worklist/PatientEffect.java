package org.radbridge.worklist;

import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.intake.Effect;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.store.Tx;
import org.radbridge.worklist.mapping.MappingContext;
import org.radbridge.worklist.mapping.MwlMapping;

/**
 * Applies patient updates to worklist items inside the journaling transaction (mission-anchors.md §1.3 P2,
 * IHE RAD-12): demographics of patient.yaml on the patient's open items (SCHEDULED, ARRIVED, READY);
 * merges and identifier changes move every item of the old identifier to the surviving one (Patient ID,
 * Issuer of Patient ID, demographics) and record the alias.
 */
final class PatientEffect implements Effect {

    /** Attributes a patient update never changes: the identifier is changed by merges only. */
    private static final java.util.Set<String> IDENTITY = java.util.Set.of("PatientID", "IssuerOfPatientID",
            "IssuerOfPatientIDQualifiersSequence");

    private final WorklistService service;
    private final MwlMapping mapping;
    private final Hl7Message message;
    private final Hl7Peer peer;
    private final List<PatientUpdate.Change> changes;
    private int updated;
    private int moved;

    PatientEffect(WorklistService service, MwlMapping mapping, Hl7Message message, Hl7Peer peer, List<PatientUpdate.Change> changes) {
        this.service = service;
        this.mapping = mapping;
        this.message = message;
        this.peer = peer;
        this.changes = changes;
    }

    @Override
    public void apply(Tx tx, long messageId) throws Exception {
        WorklistStore store = service.store();
        for (PatientUpdate.Change c : changes) {
            String key = PatientAliases.resolve(tx, c.key());
            if (c.mergedKey() != null) {
                String old = c.mergedKey();
                if (!old.equals(key)) {
                    for (WorklistItem it : store.byPatient(tx, old)) {
                        Attributes ds = it.dataset();
                        int caret = key.indexOf('^');
                        ds.setString(Tag.PatientID, VR.LO, key.substring(0, caret));
                        ds.setString(Tag.IssuerOfPatientID, VR.LO, key.substring(caret + 1));
                        update(c, ds);
                        service.save(tx, it.withPatientKey(key).withDataset(ds), messageId);
                        moved++;
                    }
                    PatientAliases.merge(tx, old, key, messageId);
                }
            }
            for (WorklistItem it : store.byPatient(tx, key)) {
                if (!SpsStatus.OPEN.contains(it.status())) {
                    continue;
                }
                Attributes ds = it.dataset();
                if (!update(c, ds).isEmpty()) {
                    service.save(tx, it.withDataset(ds), messageId);
                    updated++;
                }
            }
        }
    }

    private List<String> update(PatientUpdate.Change c, Attributes ds) {
        MappingContext ctx = mapping.patientContext(message, c.pidGroup(), peer, ds);
        return mapping.patientRules().update(ctx, ds, IDENTITY);
    }

    @Override
    public String describe() {
        return "worklist: " + updated + " open item(s) updated" + (moved > 0 ? ", " + moved + " item(s) moved to the surviving patient" : "");
    }
}
