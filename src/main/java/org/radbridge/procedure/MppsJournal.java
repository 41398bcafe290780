package org.radbridge.procedure;

import java.nio.charset.StandardCharsets;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.intake.Effect;
import org.radbridge.intake.JournalKeys;
import org.radbridge.metrics.Metrics;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistStore;

/**
 * Route step record: the one transaction of an MPPS request (design.md §2). The object rules are checked again
 * inside it (a concurrent N-CREATE of the same instance, or an N-SET racing a final one, is refused here); then the
 * journal entry (channel "dicom", sender = calling AE, control id = the MPPS SOP Instance UID, type
 * "MPPS^N-CREATE" / "MPPS^N-SET", raw = the request's data set as DICOM JSON, ack = the DIMSE status in hex), the
 * stored instance and its step links, every effect (SPS status, EMR status messages, FHIR Bundle, forwards) and the
 * receipt audit record. A refused request is journaled REJECTED with its status and changes nothing else.
 */
public final class MppsJournal {

    public static final String CHANNEL = "dicom";
    public static final String FLOW = "procedure-status";

    private final Db db;
    private final Journal journal;
    private final ProcedureStore store;
    private final AuditTrail audit;
    private final Metrics metrics;

    public MppsJournal(Db db, Journal journal, ProcedureStore store, AuditTrail audit, Metrics metrics) {
        this.db = db;
        this.journal = journal;
        this.store = store;
        this.audit = audit;
        this.metrics = metrics;
    }

    public MppsEvent record(MppsEvent e) {
        // encoded before the transaction: the single writer thread runs only the SQL
        byte[] raw = DicomJson.write(e.request(), true).getBytes(StandardCharsets.UTF_8);
        byte[] stored = e.refused() || e.after() == null ? null : WorklistStore.encode(e.after());
        db.writeAndWait(tx -> {
            if (!e.refused()) {
                recheck(tx, e);
            }
            if (e.refused()) {
                refused(tx, e, raw);
            } else {
                accepted(tx, e, raw, stored);
            }
            return null;
        });
        metrics.inc("radbridge_mpps_received_total", "MPPS requests received (PS3.4 F.7) by operation and DIMSE status",
                "op", e.op().dimse, "status", MppsRefusal.hex(e.dimseStatus()));
        return e;
    }

    /**
     * The rules again, against the instance as stored now. Its journal entry id (message_id, new on every change) tells
     * whether it is still the one validated before the transaction: then the N-SET rules, a function of the stored
     * data set and the request, hold as checked, and the data set is not read and decoded again on the writer thread.
     */
    private void recheck(Tx tx, MppsEvent e) throws Exception {
        Long version = store.version(tx, e.iuid());
        try {
            if (e.op() == MppsEvent.Op.CREATE) {
                MppsRules.checkCreate(e.request(), version != null);
            } else if (e.op() == MppsEvent.Op.LINK) {
                if (version == null || store.links(tx, e.iuid()).contains(e.linkRequest())) {
                    throw new MppsRefusal(org.radbridge.dicom.net.Status.PROCESSING_FAILURE, "link changed meanwhile", -1);
                }
            } else if (version == null) {
                MppsRules.checkSet(null, e.request());
            } else if (e.stored() == null || e.stored().messageId() == null || !version.equals(e.stored().messageId())) {
                MppsRecord now = store.get(tx, e.iuid());
                MppsRules.checkSet(now == null ? null : now.dataset(), e.request());
            }
        } catch (MppsRefusal r) {
            e.refuse(r);
        }
    }

    private void accepted(Tx tx, MppsEvent e, byte[] raw, byte[] stored) throws Exception {
        long now = System.currentTimeMillis();
        String patient = patientKey(e.after());
        long id = journal.insert(tx, row(e, raw, Journal.PROCESSED, "0000", "Success", null, null, patient, now));
        e.journalId(id);
        MppsRecord old = e.stored();
        Attributes ds = e.after();
        Attributes ref = ds.getNestedItem(Tag.ScheduledStepAttributesSequence);
        MppsRecord record = new MppsRecord(e.iuid(), e.status(), old == null ? e.callingAe() : old.callingAe(),
                ds.getString(Tag.PerformedProcedureStepID), patient, ref == null ? null : ref.getString(Tag.StudyInstanceUID),
                ref == null ? null : ref.getString(Tag.AccessionNumber), ds.getString(Tag.Modality), e.overallCase().label(),
                e.links().size(), e.unresolved(), e.dose() != null ? e.dose() : old == null ? null : old.dose(), id,
                old == null ? now : old.createdAt(), now, ds);
        if (e.op() == MppsEvent.Op.CREATE) {
            store.create(tx, record, stored); // recheck found no instance in this transaction
        } else {
            store.save(tx, record, stored);
        }
        for (StepLink l : e.links()) {
            store.link(tx, e.iuid(), l);
        }
        journal.event(tx, id, "MPPS", e.op().dimse + " " + e.status() + ", case " + e.overallCase().label() + ", "
                + e.links().size() + " step(s) " + e.links().stream().map(StepLink::key).toList()
                + (e.unresolved() > 0 ? ", " + e.unresolved() + " unresolved" : ""));
        for (Effect effect : e.effects()) {
            effect.apply(tx, id);
            journal.event(tx, id, "EFFECT", effect.describe());
        }
        if (e.dose() != null) {
            journal.event(tx, id, "DOSE", e.dose());
        }
        for (String n : e.notes()) {
            journal.event(tx, id, "WARNING", n);
        }
        audit.record(tx, e.op() == MppsEvent.Op.LINK ? linkAudit(e, id, patient) : receipt(e, id, patient, AuditEvent.SUCCESS));
    }

    /** The operator's link (OPERATOR_ACTION, with the reason). */
    private static AuditEvent linkAudit(MppsEvent e, long id, String patient) {
        return new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, e.callingAe(), e.remoteAddress(), patient, "mpps",
                e.iuid(), AuditEvents.json(AuditEvents.fields("action", "link", "step", e.linkRequest().key(), "journalId", id,
                        "reason", e.reason())));
    }

    private void refused(Tx tx, MppsEvent e, byte[] raw) throws Exception {
        Attributes ds = e.after() != null ? e.after() : e.stored() != null ? e.stored().dataset() : e.request();
        String patient = patientKey(ds);
        String code = MppsRefusal.hex(e.dimseStatus());
        long id = journal.insert(tx, row(e, raw, Journal.REJECTED, code, e.refusal().getMessage(), e.dimseStatus(),
                e.refusal().getMessage(), patient, System.currentTimeMillis()));
        e.journalId(id);
        journal.event(tx, id, "REJECTED", code + " " + e.refusal().getMessage());
        if (e.op() != MppsEvent.Op.LINK) {
            audit.record(tx, receipt(e, id, patient, AuditEvent.MINOR_FAILURE));
        }
    }

    private JournalRow row(MppsEvent e, byte[] raw, String state, String ackCode, String ackText, Integer errorCode,
            String errorText, String patient, long now) {
        Attributes ds = e.after() != null ? e.after() : e.request();
        Attributes ref = ds.getNestedItem(Tag.ScheduledStepAttributesSequence);
        return new JournalRow(0, e.receivedAt(), CHANNEL, e.remoteAddress(), e.callingAe(), e.iuid(), "MPPS^" + e.op().dimse,
                null, null, "UTF-8", "dimse", FLOW, state, ackCode, ackText, errorCode, errorText, null, false, null, patient,
                ref == null ? null : ref.getString(Tag.AccessionNumber), null, raw, raw.length, now, name(ds));
    }

    /** The searchable "FAMILY^GIVEN" of Patient's Name (0010,0010), alphabetic group, or null. */
    static String name(Attributes ds) {
        String pn = ds == null ? null : ds.getString(Tag.PatientName);
        if (pn == null) {
            return null;
        }
        String[] c = pn.split("=", -1)[0].split("\\^", -1);
        return JournalKeys.searchName(c[0], c.length > 1 ? c[1] : null);
    }

    private static AuditEvent receipt(MppsEvent e, long id, String patient, String outcome) {
        return new AuditEvent(AuditEvent.RECEIPT, outcome, e.callingAe(), e.remoteAddress(), patient, "mpps",
                String.valueOf(id), AuditEvents.json(AuditEvents.fields("op", e.op().dimse, "sopInstanceUid", e.iuid(),
                        "status", MppsRefusal.hex(e.dimseStatus()))));
    }

    /** PID-3 style key "ID^issuer" of Patient ID (0010,0020) and Issuer of Patient ID (0010,0021), or null. */
    static String patientKey(Attributes ds) {
        String id = ds == null ? null : ds.getString(Tag.PatientID);
        return id == null ? null : JournalKeys.patientKey(id, ds.getString(Tag.IssuerOfPatientID, ""));
    }
}
