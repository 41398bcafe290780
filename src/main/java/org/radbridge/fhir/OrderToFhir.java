package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.OrderIdentity;
import org.radbridge.fhir.map.Scope;
import org.radbridge.fhir.map.Studies;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.Inbound;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.order.ProcedureIds;

/**
 * order-to-fhir: ORM^O01, OMG^O19, OMI^O23 -> Patient (PID), Encounter (PV1), Practitioners (ORC-12, OBR-16,
 * PV1-7/8...), and per order group a ServiceRequest (ORC + OBR + TQ1 + NTE) with an ImagingStudy per Study
 * Instance UID of its scheduled steps (HL7 v2-to-FHIR IG ConceptMap message-orm-o01-to-bundle; ImagingStudy is
 * RadBridge's, docs/fhir.md).
 */
public final class OrderToFhir extends FhirMapper {

    public OrderToFhir(FhirMappings mappings, ZoneId defaultZone) {
        super(mappings, defaultZone, FhirMappings.ORDER);
    }

    @Override
    public Mapped map(Hl7Message m, Hl7Peer peer, Inbound in) {
        TransactionBundle bundle = new TransactionBundle();
        MapContext ctx = context(peer, bundle);
        Scope message = Scope.of(m);
        String patientKey = patient(message, ctx, m.segment("PID"));
        encounter(message, ctx);
        List<List<Segment>> groups = OrderGroups.of(m);
        if (groups.isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, null, "no order group (ORC/OBR)");
        }
        for (List<Segment> group : groups) {
            order(m, peer, in, message.group(group), ctx);
        }
        return finish(m, ctx, patientKey);
    }

    private void order(Hl7Message m, Hl7Peer peer, Inbound in, Scope scope, MapContext ctx) {
        List<ProcedureIds> procedures = OrderIds.of(in, m, scope.groupSegments());
        OrderIdentity identity = OrderIdentity.of(procedures.get(0), m.msh().value(3, 1),
                peer != null && peer.isOrderFiller(), ctx);
        ctx.order(identity);
        ctx.procedure(procedures.get(0));
        ObjectNode sr = mappings.resource("ServiceRequest").build(scope, ctx);
        boolean revoked = "revoked".equals(sr.path("status").asText());
        String srUrl = ctx.bundle().add(sr, write("ServiceRequest", revoked), identity.condition());
        ctx.ref("service-request", MapContext.reference(srUrl));
        ctx.studyStatus(revoked ? "cancelled" : "registered");
        Set<String> seen = new LinkedHashSet<>();
        for (ProcedureIds p : procedures) {
            String uid = p.studyInstanceUid();
            if (uid == null || !seen.add(uid)) {
                continue;
            }
            ctx.procedure(p);
            Scope local = scope.local(ipcOf(scope.groupSegments(), p));
            ObjectNode study = mappings.resource("ImagingStudy").build(local, ctx);
            ctx.bundle().add(study, write("ImagingStudy", revoked), "identifier=" + Studies.token(uid));
        }
        if (seen.isEmpty()) {
            ctx.warn("fhir: order " + identity.primary().value() + " has no Study Instance UID yet: no ImagingStudy");
        }
    }

    /** The IPC segment of a procedure (by SPS ID), as the local scope of its ImagingStudy. */
    private static List<Segment> ipcOf(List<Segment> group, ProcedureIds p) {
        for (Segment s : group) {
            if (s.is("IPC") && s.value(3, 1).equals(p.studyInstanceUid())) {
                return List.of(s);
            }
        }
        return List.of();
    }
}
