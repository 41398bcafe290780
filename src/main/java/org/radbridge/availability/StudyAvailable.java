package org.radbridge.availability;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.fhir.FhirBundleEffect;
import org.radbridge.fhir.Mapped;
import org.radbridge.fhir.StudyAvailableToFhir;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.JournalKeys;
import org.radbridge.metrics.Metrics;
import org.radbridge.order.ProcedureIds;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;
import org.radbridge.worklist.SpsStatus;
import org.radbridge.worklist.WorklistItem;
import org.radbridge.worklist.WorklistService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of routes/study-available.camel.yaml ("studyAvailable"): {@link #complete} asks the PACS for what the
 * event lacks; {@link #apply} does everything else in ONE transaction: journals the event (type study-available,
 * the event as JSON payload, so /api/messages and the audit show it), matches it to the worklist
 * ({@link StudyMatcher}), completes the matched scheduled procedure steps (hidden from C-FIND by
 * radbridge.worklist.hide-statuses), queues the EMR messages ({@link EmrNotices}) and the FHIR ImagingStudy
 * (status available), or applies each destination's no-order policy. A repeat with the same series and instance
 * counts is journaled and sends nothing.
 */
public final class StudyAvailable {

    private static final Logger LOG = LoggerFactory.getLogger(StudyAvailable.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;
    private final Journal journal;
    private final AuditTrail audit;
    private final Metrics metrics;
    private final StudyMatcher matcher;
    private final WorklistService worklist;
    private final AvailabilityStore store;
    private final EmrNotices notices;
    private volatile StudyAvailableToFhir toFhir;
    private final Outbox outbox;
    private final PacsLookup pacs;

    /** A configuration reload (config.ConfigReloader, between messages): the FHIR mappings now in force. */
    void reconfigure(StudyAvailableToFhir next) {
        this.toFhir = next;
    }

    StudyAvailable(Db db, Journal journal, AuditTrail audit, Metrics metrics, StudyMatcher matcher, WorklistService worklist,
            AvailabilityStore store, EmrNotices notices, StudyAvailableToFhir toFhir, Outbox outbox, PacsLookup pacs) {
        this.db = db;
        this.journal = journal;
        this.audit = audit;
        this.metrics = metrics;
        this.matcher = matcher;
        this.worklist = worklist;
        this.store = store;
        this.notices = notices;
        this.toFhir = toFhir;
        this.outbox = outbox;
        this.pacs = pacs;
    }

    /** Route step: fills what the event lacks from the PACS (when one is configured); a PACS failure is a journal warning. */
    public AvailabilityJob complete(AvailabilityJob job) {
        StudyEvent e = job.event();
        if (pacs == null || !e.incomplete()) {
            return job;
        }
        try {
            StudyEvent known = pacs.study(e.studyInstanceUid());
            if (known == null) {
                job.warn("the PACS (" + pacs.describe() + ") does not know the study: identifiers as the source sent them");
            } else {
                job.event(e.fillFrom(known));
            }
        } catch (java.io.IOException ex) {
            job.warn("the PACS (" + pacs.describe() + ") could not be asked: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            job.warn("interrupted while asking the PACS");
        }
        return job;
    }

    /** Route step: journal, match, effects, in one transaction. */
    public AvailabilityJob apply(AvailabilityJob job) {
        AvailabilityJob.Outcome o = db.writeAndWait(tx -> apply(tx, job));
        job.outcome(o);
        metrics.inc("radbridge_studies_available_total", "Study-available events by source and how they matched",
                "source", job.event().source(), "matched", o.matchedBy());
        LOG.info("study-available from {} ({}): journal {}, matched by {}, {} message(s) queued{}", job.event().source(),
                job.event().sender(), o.journalId(), o.matchedBy(), o.queued().size(), o.unchanged() ? ", unchanged: nothing sent" : "");
        return job;
    }

    private AvailabilityJob.Outcome apply(Tx tx, AvailabilityJob job) throws Exception {
        AvailabilityJob.Outcome o = effects(tx, job);
        if (job.alsoAudit() != null) {
            audit.record(tx, job.alsoAudit()); // the webhook call's API_ACCESS record: one commit for the call
        }
        return o;
    }

    private AvailabilityJob.Outcome effects(Tx tx, AvailabilityJob job) throws Exception {
        StudyEvent e = job.event();
        long now = System.currentTimeMillis();
        StudyMatcher.Match m = matcher.match(tx, e);
        if (m.matched()) {
            e = withWorklistModality(e, m.items());
        }
        String uid = e.studyInstanceUid();
        WorklistItem first = m.matched() ? m.items().get(0) : null;
        String patientKey = first != null ? first.patientKey() : JournalKeys.patientKey(e.patientId(), e.patientIdIssuer());
        byte[] raw = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e);
        long id = journal.insert(tx, new JournalRow(0, now, channel(e.source()), e.address(), e.sender(), e.controlId(),
                "study-available", null, null, "UTF-8", null, "study-available", Journal.PROCESSED, null, null, null, null,
                null, false, null, patientKey, first != null ? first.dataset().getString(org.radbridge.dicom.Tag.AccessionNumber, "")
                        : e.accessionNumber(), first != null ? first.orderKey() : null, raw, raw.length, now));
        audit.record(tx, new AuditEvent(AuditEvent.RECEIPT, AuditEvent.SUCCESS, e.sender(), e.address(), patientKey,
                "study-available", String.valueOf(id), AuditEvents.json(AuditEvents.fields("source", e.source(),
                        "controlId", e.controlId(), "matchedBy", m.by()))));
        for (String w : job.warnings()) {
            journal.event(tx, id, "WARNING", w);
        }
        journal.event(tx, id, "MATCH", m.by() + (m.matched() ? ": " + keys(m.items()) : "") + (m.note().isEmpty() ? "" : " (" + m.note() + ")"));
        AvailabilityStore.Last last = store.last(tx, uid);
        if (last != null && last.series() == e.numberOfSeries() && last.instances() == e.numberOfInstances()
                && last.matched() == m.matched()) {
            journal.event(tx, id, "NOTE", "already processed with the same series and instance counts: nothing sent");
            return new AvailabilityJob.Outcome(id, m.by(), List.of(), List.of(), List.of(), true);
        }
        store.recordStudy(tx, uid, e.numberOfSeries(), e.numberOfInstances(), m.matched(), id);
        List<String> steps = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        ZonedDateTime when = ZonedDateTime.now();
        Hl7Message order = null;
        if (m.matched()) {
            for (WorklistItem it : m.items()) {
                if (!SpsStatus.FINISHED.contains(it.status())) {
                    worklist.setStatus(tx, it.studyUid(), it.spsId(), SpsStatus.COMPLETED, id);
                    steps.add(it.key());
                    journal.event(tx, id, "EFFECT", "scheduled procedure step " + it.key() + " COMPLETED");
                }
            }
            order = OrderLookup.orderMessage(tx, first);
            List<ProcedureIds> procs = OrderLookup.procedures(m.items());
            for (NotificationConfig.Target t : notices.config().targets()) {
                note(tx, id, notices.queue(tx, id, t, order, procs, e, when, patientKey), queued);
            }
            int released = store.release(tx, uid);
            if (released > 0) {
                journal.event(tx, id, "EFFECT", "held notice of the study released at " + released + " destination(s)");
            }
        } else {
            String json = new String(JSON.writeValueAsBytes(e), StandardCharsets.UTF_8);
            for (NotificationConfig.Target t : notices.config().targets()) {
                String state = switch (t.noOrder()) {
                    case NOTIFY -> AvailabilityStore.NOTIFIED;
                    case HOLD -> AvailabilityStore.HELD;
                    case RECONCILE -> AvailabilityStore.RECONCILE;
                };
                if (t.noOrder() == NotificationConfig.NoOrder.NOTIFY) {
                    note(tx, id, notices.queue(tx, id, t, null, List.of(), e, when, patientKey), queued);
                }
                store.putUnmatched(tx, uid, t.destination(), t.noOrder().label(), state, id, patientKey, e.accessionNumber(), json);
                unmatched.add(t.destination() + " " + state);
                journal.event(tx, id, "EFFECT", "no order: " + t.destination() + " " + state);
            }
        }
        if (m.matched() || notices.config().targets().isEmpty()
                || notices.config().targets().stream().anyMatch(t -> t.noOrder() == NotificationConfig.NoOrder.NOTIFY)) {
            fhir(tx, id, order, e, m.matched());
        } else {
            journal.event(tx, id, "NOTE", "fhir: no order and no destination announces unordered studies: ImagingStudy when it matches");
        }
        return new AvailabilityJob.Outcome(id, m.by(), steps, queued, unmatched, false);
    }

    private void note(Tx tx, long id, EmrNotices.Queued q, List<String> queued) throws java.sql.SQLException {
        for (String l : q.lines()) {
            queued.add(l);
            journal.event(tx, id, "EFFECT", "queued " + l);
        }
        for (String w : q.warnings()) {
            journal.event(tx, id, "WARNING", w);
        }
    }

    /** The ImagingStudy update, with the order's patient or one made of the PACS's identifiers (none without a patient ID). */
    private void fhir(Tx tx, long id, Hl7Message order, StudyEvent e, boolean matched) throws Exception {
        Hl7Message pid = order;
        if (pid == null) {
            if (e.patientId().isEmpty()) {
                journal.event(tx, id, "WARNING", "fhir: no patient identifier (order or PACS): no ImagingStudy update");
                return;
            }
            pid = Hl7Parser.parse("MSH|^~\\&|||||||ORU^R01|x|P|2.5.1\r" + AvailableMessages.pid(e, org.radbridge.hl7.Delimiters.STANDARD));
        }
        try {
            Mapped mapped = toFhir.available(pid, study(e), matched, java.time.Instant.now().toString());
            new FhirBundleEffect(outbox, FhirJson.compactBytes(mapped.bundle()), mapped.patientKey(), mapped.summary()).apply(tx, id);
            journal.event(tx, id, "EFFECT", mapped.summary() + " -> outbox " + FhirBundleEffect.DESTINATION);
            for (String w : mapped.warnings()) {
                journal.event(tx, id, "WARNING", w);
            }
        } catch (Hl7Error err) {
            journal.event(tx, id, "WARNING", "fhir: " + err.text() + ": no ImagingStudy update");
        }
    }

    static StudyAvailableToFhir.Study study(StudyEvent e) {
        List<StudyAvailableToFhir.Series> s = new ArrayList<>();
        for (StudyEvent.Series x : e.series()) {
            s.add(new StudyAvailableToFhir.Series(x.seriesInstanceUid(), x.seriesNumber(), x.modality(), x.seriesDescription(),
                    x.numberOfInstances()));
        }
        return new StudyAvailableToFhir.Study(e.studyInstanceUid(), e.studyDate(), e.studyTime(), e.studyDescription(),
                e.modalities(), s);
    }

    /** Series without a modality (an IAN does not carry it) take the scheduled step's. */
    static StudyEvent withWorklistModality(StudyEvent e, List<WorklistItem> items) {
        String modality = items.get(0).sps() == null ? "" : items.get(0).sps().getString(org.radbridge.dicom.Tag.Modality, "");
        if (modality.isEmpty() || e.series().stream().allMatch(s -> !s.modality().isEmpty())) {
            return e;
        }
        List<StudyEvent.Series> series = new ArrayList<>();
        for (StudyEvent.Series s : e.series()) {
            series.add(s.modality().isEmpty() ? new StudyEvent.Series(s.seriesInstanceUid(), modality, s.seriesNumber(),
                    s.seriesDescription(), s.numberOfInstances()) : s);
        }
        return new StudyEvent(e.source(), e.sender(), e.address(), e.controlId(), e.studyInstanceUid(), e.accessionNumber(),
                e.accessionIssuer(), e.patientId(), e.patientIdIssuer(), e.patientName(), e.patientBirthDate(), e.patientSex(),
                e.studyDate(), e.studyTime(), e.studyDescription(), e.retrieveAeTitle(), e.pacsId(), series);
    }

    static String channel(String source) {
        return switch (source) {
            case "ian" -> "dicom-ian";
            case "webhook" -> "http-webhook";
            case "orthanc" -> "orthanc-poller";
            default -> source;
        };
    }

    private static String keys(List<WorklistItem> items) {
        StringBuilder sb = new StringBuilder();
        for (WorklistItem it : items) {
            sb.append(sb.length() == 0 ? "" : ", ").append(it.key());
        }
        return sb.toString();
    }
}
