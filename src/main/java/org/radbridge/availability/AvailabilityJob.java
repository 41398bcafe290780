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

    public Outcome outcome() {
        return outcome;
    }

    void outcome(Outcome o) {
        this.outcome = o;
    }
}
