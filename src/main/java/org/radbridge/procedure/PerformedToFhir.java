package org.radbridge.procedure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.dicom.Tag;
import org.radbridge.fhir.DoseQuantity;
import org.radbridge.fhir.FhirBundleEffect;
import org.radbridge.fhir.PatientAliases;
import org.radbridge.fhir.PerformedProcedureToFhir;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Effect;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.order.ProcedureIds;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * Route step publish-fhir: the FHIR side of an MPPS ({@link PerformedProcedureToFhir}: ServiceRequest and
 * ImagingStudy status, performed series, dose Observations) for the steps it performs, queued to the "fhir"
 * destination in the MPPS's transaction, ordered by the patient of the steps (after the order's own Bundle). An
 * MPPS that matches no step publishes nothing until an operator links it. A Bundle that cannot be made (an
 * order whose identifiers have no FHIR system) is noted on the journal entry; the MPPS is still accepted.
 */
public final class PerformedToFhir {

    private volatile PerformedProcedureToFhir mapper;
    private final Outbox outbox;
    private volatile Hl7Peers peers;
    private final ZoneId zone;

    /** A configuration reload (config.ConfigReloader, between messages): the FHIR mappings and senders now in force. */
    public void reconfigure(PerformedProcedureToFhir nextMapper, Hl7Peers nextPeers) {
        this.mapper = nextMapper;
        this.peers = nextPeers;
    }

    public PerformedToFhir(PerformedProcedureToFhir mapper, Outbox outbox, Hl7Peers peers, ZoneId zone) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.peers = peers;
        this.zone = zone;
    }

    public MppsEvent publish(MppsEvent e) {
        if (e.refused() || e.steps().isEmpty()) {
            return e;
        }
        List<DoseQuantity> dose = Dose.quantities(e.after());
        org.radbridge.dicom.Sequence performed = e.request().getSequence(Tag.PerformedSeriesSequence);
        boolean series = performed != null && !performed.isEmpty();
        String request = null;
        String study = null;
        for (Transitions.Transition t : e.transitions().values()) {
            request = request == null ? t.request() : request;
            study = study == null ? t.study() : study;
        }
        if (request == null && study == null && dose.isEmpty() && !series) {
            return e; // nothing changes in FHIR (e.g. an incorrect worklist entry discontinued)
        }
        Map<Long, List<ProcedureIds>> byOrder = new LinkedHashMap<>();
        Map<Long, StepContext> first = new LinkedHashMap<>();
        String patientKey = null;
        for (StepContext s : e.steps().values()) {
            patientKey = patientKey == null ? s.item().patientKey() : patientKey;
            if (s.order() == null) {
                continue;
            }
            byOrder.computeIfAbsent(s.orderMessageId(), k -> new ArrayList<>()).add(StatusToEmr.ids(s.item()));
            first.putIfAbsent(s.orderMessageId(), s);
        }
        List<PerformedProcedureToFhir.Order> orders = new ArrayList<>();
        byOrder.forEach((id, steps) -> {
            var o = first.get(id).order();
            orders.add(new PerformedProcedureToFhir.Order(o, peers.match(o.msh().value(3, 1), o.msh().value(4, 1)), steps));
        });
        if (orders.isEmpty()) {
            e.note("fhir: no order message for the performed steps: nothing published");
            return e;
        }
        ObjectNode bundle;
        try {
            bundle = mapper.bundle(new PerformedProcedureToFhir.Performed(e.iuid(), e.after(), request, study,
                    MppsTimes.start(e.after(), zone), orders, dose, !MppsRules.IN_PROGRESS.equals(e.status())));
        } catch (Hl7Error ex) {
            e.note("fhir: no Bundle: " + ex.text());
            return e;
        }
        if (bundle == null) {
            return e;
        }
        byte[] bytes = FhirJson.compactBytes(bundle);
        String key = patientKey;
        int entries = bundle.path("entry").size();
        e.addEffect(new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                String ordering = key == null ? e.iuid() : PatientAliases.resolve(tx, key);
                outbox.enqueue(tx, messageId, new NewEntry(FhirBundleEffect.DESTINATION, ordering, PerformedProcedureToFhir.KIND,
                        FhirBundleEffect.CONTENT_TYPE, bytes, null));
            }

            @Override
            public String describe() {
                return "FHIR transaction of " + entries + " entries (MPPS) -> outbox fhir";
            }
        });
        return e;
    }
}
