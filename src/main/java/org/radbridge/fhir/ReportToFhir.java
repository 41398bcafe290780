package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.OrderIdentity;
import org.radbridge.fhir.map.Reports;
import org.radbridge.fhir.map.Scope;
import org.radbridge.fhir.map.Studies;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.Inbound;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.order.ProcedureIds;

/**
 * report-to-fhir: ORU^R01 -> per ORDER_OBSERVATION a DiagnosticReport (status OBR-25, conclusion and presentedForm
 * from the text OBX, resultsInterpreter OBR-32), an Observation per coded or numeric OBX, linked to the order's
 * ServiceRequest (basedOn) and the ImagingStudy of the report's Study Instance UID (HL7 v2-to-FHIR IG ConceptMap
 * message-oru-r01-to-bundle).
 */
public final class ReportToFhir extends FhirMapper {

    public ReportToFhir(FhirMappings mappings, ZoneId defaultZone) {
        super(mappings, defaultZone, FhirMappings.REPORT);
    }

    @Override
    public Mapped map(Hl7Message m, Hl7Peer peer, Inbound in) {
        TransactionBundle bundle = new TransactionBundle();
        MapContext ctx = context(peer, bundle);
        ctx.studyStatus("available");
        Scope message = Scope.of(m);
        String patientKey = patient(message, ctx, m.segment("PID"));
        encounter(message, ctx);
        List<List<Segment>> groups = OrderGroups.of(m);
        if (groups.isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, null, "no OBR: nothing to report");
        }
        for (List<Segment> group : groups) {
            report(m, peer, in, message.group(group), ctx);
        }
        return finish(m, ctx, patientKey);
    }

    private void report(Hl7Message m, Hl7Peer peer, Inbound in, Scope scope, MapContext ctx) {
        ProcedureIds ids = OrderIds.fromMessage(in, m, scope.groupSegments()).get(0);
        List<Segment> obxs = new ArrayList<>();
        scope.groupSegments().stream().filter(s -> s.is("OBX")).forEach(obxs::add);
        String uid = Reports.studyUid(obxs, ctx.table("study-uid-codes"));
        if (uid != null || ids.studyInstanceUid() != null) {
            ids = new ProcedureIds(uid != null ? uid : ids.studyInstanceUid(), ids.accessionNumber(), ids.accessionIssuer(),
                    ids.requestedProcedureId(), ids.spsId(), ids.placerOrderNumber(), ids.placerIssuer(),
                    ids.fillerOrderNumber(), ids.fillerIssuer(), ids.modality(), Set.of());
        }
        OrderIdentity identity = OrderIdentity.of(ids, m.msh().value(3, 1), peer != null && peer.isOrderFiller(), ctx);
        ctx.order(identity);
        ctx.procedure(ids);
        ObjectNode sr = mappings.resource("ServiceRequest").build(scope, ctx);
        ctx.ref("service-request", MapContext.reference(ctx.bundle().add(sr, write("ServiceRequest", false),
                identity.condition())));
        ctx.ref("imaging-study", null);
        if (ids.studyInstanceUid() != null) {
            ObjectNode study = mappings.resource("ImagingStudy").build(scope.local(List.of()), ctx);
            ctx.ref("imaging-study", MapContext.reference(ctx.bundle().add(study, write("ImagingStudy", false),
                    "identifier=" + Studies.token(ids.studyInstanceUid()))));
        }
        ArrayNode results = FhirJson.array();
        for (List<Segment> run : OrderGroups.runs(scope.groupSegments(), "OBX")) {
            if (!Reports.isObservation(run.get(0))) {
                continue;
            }
            ObjectNode obs = mappings.resource("Observation").build(scope.local(run), ctx);
            if (!obs.has("identifier") || obs.path("code").isMissingNode()) {
                continue;
            }
            if (!hasValue(obs)) {
                ctx.warn("fhir: OBX " + run.get(0).value(1) + " has no readable value: no Observation");
                continue;
            }
            String cond = firstIdentifierCondition(obs);
            results.add(MapContext.reference(ctx.bundle().add(obs, write("Observation", false), cond)));
        }
        ctx.ref("observations", results.isEmpty() ? null : results);
        ObjectNode report = mappings.resource("DiagnosticReport").build(scope, ctx);
        ctx.bundle().add(report, write("DiagnosticReport", false), identity.condition());
    }

    private static boolean hasValue(ObjectNode obs) {
        var it = obs.fieldNames();
        while (it.hasNext()) {
            if (it.next().startsWith("value")) {
                return true;
            }
        }
        return false;
    }
}
