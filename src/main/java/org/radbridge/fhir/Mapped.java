package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The FHIR side of one message: its transaction Bundle, the patient key it is ordered by in the outbox
 * ("ID^ISSUER" of PID-3, resolved through merges when enqueued), notes for the journal, and a one-line summary
 * without patient data.
 */
public record Mapped(ObjectNode bundle, String patientKey, List<String> warnings, String summary) {
}
