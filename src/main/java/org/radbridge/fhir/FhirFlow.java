package org.radbridge.fhir;

import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Inbound;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.Outbox;

/**
 * The bean of one FHIR flow's route (routes/order-to-fhir.camel.yaml, patient-to-fhir, report-to-fhir): {@link #map}
 * builds the message's transaction Bundle (pure, on the connection's thread), then {@link #enqueue} plans the
 * outbox entry that the journal transaction writes. When the message cannot be published (an identifier without a
 * FHIR system, no patient identifier...), the sender's option {@code fhir.unresolved} decides: {@code refuse} answers
 * AE with the reason (the message changes nothing), {@code skip} lets the other flows do their work and only notes
 * on the journal entry why no Bundle was made (counted in radbridge_fhir_skipped_total).
 */
public final class FhirFlow {

    private final FhirMapper mapper;
    private final Outbox outbox;
    private final String attribute;
    private final Metrics metrics;

    public FhirFlow(FhirMapper mapper, Outbox outbox, Metrics metrics) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.metrics = metrics;
        this.attribute = "fhir." + mapper.flow();
    }

    /** HL7 -> one FHIR transaction Bundle (mappings/hl7-to-fhir/), kept on the Inbound for {@link #enqueue}. */
    public Inbound map(Inbound in) {
        Mapped m;
        try {
            m = mapper.map(in.message(), in.peer(), in);
        } catch (Hl7Error e) {
            if (in.peer() == null || !"skip".equalsIgnoreCase(in.peer().option("fhir.unresolved", "refuse"))) {
                throw e;
            }
            in.warn("fhir: no Bundle (" + mapper.flow() + "): " + e.text());
            if (metrics != null && !in.dryRun()) {
                metrics.inc("radbridge_fhir_skipped_total", "Messages published to no FHIR Bundle (sender option fhir.unresolved: skip)",
                        "flow", mapper.flow());
            }
            return in;
        }
        in.attribute(attribute, m);
        m.warnings().forEach(in::warn);
        return in;
    }

    /** The Bundle goes to the "fhir" outbox in the message's own transaction, ordered by the resolved patient. */
    public Inbound enqueue(Inbound in) {
        Mapped m = in.attribute(attribute);
        if (m != null) {
            in.addEffect(new FhirBundleEffect(outbox, FhirJson.compactBytes(m.bundle()), m.patientKey(), m.summary()));
        }
        return in;
    }

    public FhirMapper mapper() {
        return mapper;
    }
}
