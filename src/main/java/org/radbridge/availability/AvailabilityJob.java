package org.radbridge.availability;

import java.util.ArrayList;
import java.util.List;

/**
 * What travels through routes/study-available.camel.yaml: the event, notes gathered on the way (journal
 * WARNING lines: no PHI), and, after "apply", the outcome.
 */
public final class AvailabilityJob {

    /** The outcome: journal id, how it matched, what it caused. */
    public record Outcome(long journalId, String matchedBy, List<String> steps, List<String> queued, List<String> unmatched,
            boolean unchanged) {
    }

    private StudyEvent event;
    private final List<String> warnings = new ArrayList<>();
    private Outcome outcome;
    private org.radbridge.audit.AuditEvent alsoAudit;

    public AvailabilityJob(StudyEvent event) {
        this.event = event;
    }

    public StudyEvent event() {
        return event;
    }

    public void event(StudyEvent e) {
        this.event = e;
    }

    public List<String> warnings() {
        return warnings;
    }

    public void warn(String w) {
        warnings.add(w);
    }

    /** A further audit record written in the event's transaction (the webhook call's API_ACCESS record), or null. */
    public org.radbridge.audit.AuditEvent alsoAudit() {
        return alsoAudit;
    }

    public void alsoAudit(org.radbridge.audit.AuditEvent e) {
        this.alsoAudit = e;
    }

    public Outcome outcome() {
        return outcome;
    }

    void outcome(Outcome o) {
        this.outcome = o;
    }
}
