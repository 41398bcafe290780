package org.radbridge.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.radbridge.config.Holding;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Effect;
import org.radbridge.intake.FlowKey;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.metrics.Metrics;
import org.radbridge.order.ProcedureIds;
import org.radbridge.outbox.Outbox;

/**
 * The bean of one FHIR flow's route (routes/order-to-fhir.camel.yaml, patient-to-fhir, report-to-fhir): {@link #map}
 * builds the message's transaction Bundle (pure, on the connection's thread), then {@link #enqueue} plans the
 * outbox entry that the journal transaction writes. When the message cannot be published for a configuration reason
 * (an identifier without a FHIR system, an unmapped code...), the sender's option {@code fhir.unresolved} decides:
 * {@code refuse} answers AE with the reason (the message changes nothing); {@code hold} (the default; the former
 * {@code skip} means the same) lets the other flows do their work and holds the Bundle with its reason
 * (config.Holding, GET /api/held): it is made again and delivered when the configuration is fixed and reloaded.
 */
public final class FhirFlow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.JavaType IDS =
            JSON.getTypeFactory().constructCollectionType(List.class, ProcedureIds.class);
    /** Writes {@link #context}: one writer, its serializer resolved once (not per message). */
    private static final com.fasterxml.jackson.databind.ObjectWriter IDS_WRITER = JSON.writerFor(IDS);

    private volatile FhirMapper mapper;
    private final Outbox outbox;
    /** This flow's Bundle between {@link #map} and {@link #enqueue}, and why it is held when it is. */
    private final FlowKey<Mapped> mappedKey;
    private final FlowKey<String> heldKey;
    private final Metrics metrics;
    private final Holding holding;

    public FhirFlow(FhirMapper mapper, Outbox outbox, Metrics metrics) {
        this(mapper, outbox, metrics, null);
    }

    public FhirFlow(FhirMapper mapper, Outbox outbox, Metrics metrics, Holding holding) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.metrics = metrics;
        this.holding = holding;
        this.mappedKey = FlowKey.of("fhir." + mapper.flow());
        this.heldKey = FlowKey.of("fhir." + mapper.flow() + ".held");
        if (holding != null) {
            holding.flows().register(mapper.flow(), this::remake);
        }
    }

    /** HL7 -> one FHIR transaction Bundle (mappings/hl7-to-fhir/), kept on the Inbound for {@link #enqueue}. */
    public Inbound map(Inbound in) {
        FhirMapper now = mapper;
        Mapped m;
        try {
            m = now.map(in.message(), in.peer(), in);
        } catch (Hl7Error e) {
            if (in.peer() == null || "refuse".equalsIgnoreCase(in.peer().option("fhir.unresolved", "hold"))) {
                throw e;
            }
            in.warn("fhir: no Bundle (" + now.flow() + "): " + e.text() + (holding == null ? "" : " (held)"));
            in.put(heldKey, e.text());
            if (metrics != null && !in.dryRun()) {
                metrics.inc("radbridge_fhir_skipped_total", "Messages whose FHIR Bundle could not be made for a configuration "
                        + "reason (held, sender option fhir.unresolved: hold)", "flow", now.flow());
            }
            return in;
        }
        in.put(mappedKey, m);
        m.warnings().forEach(in::warn);
        return in;
    }

    /** The Bundle goes to the "fhir" outbox in the message's own transaction, ordered by the resolved patient. */
    public Inbound enqueue(Inbound in) {
        Mapped m = in.get(mappedKey);
        String reason = in.get(heldKey);
        String patient = in.keys().get("patient");
        boolean again = in.mode() == Inbound.Mode.REPROCESS;
        if (reason != null && holding != null) {
            in.addEffect(holding.hold(mapper.flow(), FhirBundleEffect.DESTINATION, patient, reason, context(in), again));
        } else if (m != null) {
            Effect e = new FhirBundleEffect(outbox, FhirJson.compactBytes(m.bundle()), m.patientKey(), m.summary());
            in.addEffect(holding == null ? e
                    : holding.inOrder(e, mapper.flow(), FhirBundleEffect.DESTINATION, patient, context(in), again));
        }
        return in;
    }

    /** A held Bundle made again from the stored message, under the mappings now in force. */
    Effect remake(Inbound in, String context) throws Exception {
        if (context != null && !context.isBlank()) {
            List<ProcedureIds> ids = JSON.readValue(context, IDS);
            in.put(FlowKeys.PROCEDURES, ids);
        }
        Mapped m = mapper.map(in.message(), in.peer(), in);
        return new FhirBundleEffect(outbox, FhirJson.compactBytes(m.bundle()), m.patientKey(), m.summary());
    }

    /** What {@link #remake} needs besides the message: the procedure identifiers the worklist flow assigned. */
    private static String context(Inbound in) {
        List<ProcedureIds> ids = in.get(FlowKeys.PROCEDURES);
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        try {
            return IDS_WRITER.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("procedure identifiers cannot be written", e);
        }
    }

    public FhirMapper mapper() {
        return mapper;
    }

    /** Swaps the mapper (a configuration reload, between messages). */
    public void mapper(FhirMapper next) {
        if (!next.flow().equals(mapper.flow())) {
            throw new IllegalArgumentException("a " + mapper.flow() + " flow cannot take a " + next.flow() + " mapper");
        }
        this.mapper = next;
    }
}
