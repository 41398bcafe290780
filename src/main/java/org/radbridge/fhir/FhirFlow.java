package org.radbridge.fhir;

import org.radbridge.fhir.map.FhirJson;
import org.radbridge.intake.Inbound;
import org.radbridge.outbox.Outbox;

/**
 * The bean of one FHIR flow's route (routes/order-to-fhir.camel.yaml, patient-to-fhir, report-to-fhir): {@link #map}
 * builds the message's transaction Bundle (pure, on the connection's thread; refusals are HL7 errors), then
 * {@link #enqueue} plans the outbox entry that the journal transaction writes.
 */
public final class FhirFlow {

    private final FhirMapper mapper;
    private final Outbox outbox;
    private final String attribute;

    public FhirFlow(FhirMapper mapper, Outbox outbox) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.attribute = "fhir." + mapper.flow();
    }

    /** HL7 -> one FHIR transaction Bundle (mappings/hl7-to-fhir/), kept on the Inbound for {@link #enqueue}. */
    public Inbound map(Inbound in) {
        Mapped m = mapper.map(in.message(), in.peer(), in);
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
