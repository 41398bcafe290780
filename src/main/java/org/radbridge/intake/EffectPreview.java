package org.radbridge.intake;

/**
 * What an {@link Effect} would do, shown by a dry run (bin/radbridge explain, POST /api/explain, the shadow run)
 * without applying it: nothing is written.
 *
 * @param kind {@link #WORKLIST} (content: the items as DICOM JSON, PS3.18 F.2), {@link #FHIR} (content: the
 *        transaction Bundle as JSON text), {@link #HL7} (content: the outbound message as it would be queued, MSH-10
 *        {@code *} when it is generated per outbox entry), {@link #HELD} (an effect that could not be made for a
 *        configuration reason; content: the reason) or {@link #OTHER} (summary only)
 * @param destination the outbox destination (fhir, emr ...), or null for local effects
 * @param content see {@code kind}; may be null
 * @param summary one line, as in the journal's "what it caused" list
 */
public record EffectPreview(String kind, String destination, String content, String summary) {

    public static final String WORKLIST = "worklist";
    public static final String FHIR = "fhir";
    public static final String HL7 = "hl7";
    public static final String HELD = "held";
    public static final String OTHER = "other";

    public static EffectPreview other(String summary) {
        return new EffectPreview(OTHER, null, null, summary);
    }
}
