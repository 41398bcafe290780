package org.radbridge.fhir;

import org.radbridge.intake.Effect;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * Enqueues a message's FHIR transaction Bundle for the "fhir" destination, inside the transaction that journals
 * the message (design.md §2). The ordering key is the patient key resolved through merges (patient_aliases), so
 * Bundles of one patient are delivered in arrival order.
 */
public final class FhirBundleEffect implements Effect {

    public static final String DESTINATION = "fhir";
    public static final String KIND = "fhir-bundle";
    public static final String CONTENT_TYPE = "application/fhir+json";

    private final Outbox outbox;
    private final byte[] bundle;
    private final String patientKey;
    private final String summary;

    public FhirBundleEffect(Outbox outbox, byte[] bundle, String patientKey, String summary) {
        this.outbox = outbox;
        this.bundle = bundle;
        this.patientKey = patientKey;
        this.summary = summary;
    }

    @Override
    public void apply(Tx tx, long messageId) throws Exception {
        String key = PatientAliases.resolve(tx, patientKey);
        outbox.enqueue(tx, messageId, new NewEntry(DESTINATION, key, KIND, CONTENT_TYPE, bundle, null));
    }

    @Override
    public java.util.List<org.radbridge.intake.EffectPreview> preview() {
        return java.util.List.of(new org.radbridge.intake.EffectPreview(org.radbridge.intake.EffectPreview.FHIR, DESTINATION,
                new String(bundle, java.nio.charset.StandardCharsets.UTF_8), describe()));
    }

    @Override
    public String describe() {
        return summary + " -> outbox " + DESTINATION;
    }
}
