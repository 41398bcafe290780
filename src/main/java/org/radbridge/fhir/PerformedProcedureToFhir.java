package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.fhir.TransactionBundle.Write;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.OrderIdentity;
import org.radbridge.fhir.map.Scope;
import org.radbridge.fhir.map.Studies;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.order.ProcedureIds;

/**
 * What a Modality Performed Procedure Step (PS3.4 F.7) changes in FHIR R4 (docs/procedure-status.md): one
 * transaction Bundle per MPPS request with
 * <ul>
 * <li>each order's ServiceRequest: status (merge on the order's identifiers, as order-to-fhir writes them);</li>
 * <li>each study's ImagingStudy (merge on urn:dicom:uid): status, started (PPS start), procedureCode (Procedure Code
 *     Sequence), and the performed series (Performed Series Sequence: uid, modality, description, instances)
 *     — the FHIR destination keeps the series other MPPS reported ({@link ResourceMerge});</li>
 * <li>one Observation per dose quantity (DICOM CID 10050 code, UCUM unit), partOf the ImagingStudy, basedOn the
 *     ServiceRequest, identified by the MPPS SOP Instance UID and its code (upsert).</li>
 * </ul>
 * Entries go out as outbox kind {@value #KIND}: for that kind the destination merges ServiceRequest and ImagingStudy
 * ({@link #MERGED}) into the current resources instead of replacing them.
 */
public final class PerformedProcedureToFhir extends FhirMapper {

    public static final String KIND = "fhir-performed";
    /** Resource types of this kind's Bundles that the FHIR destination merges into the current resource. */
    public static final Set<String> MERGED = Set.of("ServiceRequest", "ImagingStudy");

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** One order the MPPS performs steps of: the order as received, its sender, the steps' identifiers. */
    public record Order(Hl7Message order, Hl7Peer peer, List<ProcedureIds> steps) {
    }

    /**
     * The MPPS as published: its SOP Instance UID and current data set, the FHIR statuses to set (null = keep),
     * start time, the orders, and the dose quantities.
     */
    public record Performed(String mppsUid, Attributes mpps, String requestStatus, String studyStatus, ZonedDateTime start,
            List<Order> orders, List<DoseQuantity> dose, boolean fin) {
    }

    public PerformedProcedureToFhir(FhirMappings mappings, java.time.ZoneId zone) {
        super(mappings, zone, FhirMappings.ORDER);
    }

    /** Not an HL7 flow: an MPPS is published with {@link #bundle}. */
    @Override
    public Mapped map(Hl7Message m, Hl7Peer peer, org.radbridge.intake.Inbound in) {
        throw new UnsupportedOperationException("MPPS Bundles are made by bundle(Performed)");
    }

    /**
     * The transaction Bundle; null when there is nothing to write. The Patient of the order's PID is written as
     * order-to-fhir writes it (create-if-absent), so every resource has its subject; the ServiceRequest only when its
     * status changes, the ImagingStudy only when its status is set.
     */
    public ObjectNode bundle(Performed p) {
        TransactionBundle b = new TransactionBundle();
        String firstStudy = null;
        String firstRequest = null;
        String patient = null;
        Set<String> studies = new LinkedHashSet<>();
        for (Order o : p.orders()) {
            MapContext ctx = context(o.peer(), b);
            patient(Scope.of(o.order()), ctx, o.order().segment("PID"));
            patient = patient == null ? ctx.ref("patient").path("reference").asText() : patient;
            OrderIdentity id = OrderIdentity.of(o.steps().get(0), o.order().msh().value(3, 1),
                    o.peer() != null && o.peer().isOrderFiller(), ctx);
            if (p.requestStatus() != null) {
                ObjectNode sr = FhirJson.object();
                sr.put("resourceType", "ServiceRequest");
                sr.set("identifier", id.toJson());
                sr.put("status", p.requestStatus());
                sr.put("intent", "order");
                sr.set("subject", ctx.ref("patient").deepCopy());
                String url = b.add(sr, Write.MERGE, id.condition());
                firstRequest = firstRequest == null ? url : firstRequest;
            }
            for (ProcedureIds s : o.steps()) {
                if (s.studyInstanceUid() != null) {
                    studies.add(s.studyInstanceUid());
                }
            }
        }
        String anyStudy = null;
        for (String uid : studies) {
            anyStudy = anyStudy == null ? uid : anyStudy;
            if (p.studyStatus() == null) {
                continue;
            }
            ObjectNode st = FhirJson.object();
            st.put("resourceType", "ImagingStudy");
            st.set("identifier", FhirJson.array().add(Studies.studyUid(uid)));
            st.put("status", p.studyStatus());
            st.set("subject", MapContext.reference(patient));
            if (p.start() != null) {
                st.put("started", ISO.format(p.start()));
            }
            boolean first = firstStudy == null;
            if (first) {
                procedureCode(st, p.mpps());
                series(st, p.mpps());
            }
            String url = b.add(st, Write.MERGE, "identifier=" + Studies.token(uid));
            firstStudy = first ? url : firstStudy;
        }
        for (DoseQuantity q : p.dose()) {
            ObjectNode ob = observation(p, q, firstStudy != null ? MapContext.reference(firstStudy) : anyStudy == null ? null
                    : conditional("ImagingStudy?identifier=" + Studies.token(anyStudy)), firstRequest, patient);
            b.add(ob, Write.UPSERT, "identifier="
                    + org.radbridge.fhir.map.Identifiers.token(Studies.DICOM_UID, "urn:oid:" + p.mppsUid()) + "&code="
                    + org.radbridge.fhir.map.Identifiers.token(Studies.DCM, q.code()));
        }
        if (firstStudy == null && firstRequest == null && p.dose().isEmpty()) {
            return null;
        }
        return b.toJson(p.start() == null ? null : ISO.format(p.start()));
    }

    private static ObjectNode conditional(String ref) {
        ObjectNode r = FhirJson.object();
        r.put("reference", ref);
        return r;
    }

    private static void procedureCode(ObjectNode st, Attributes mpps) {
        Sequence codes = mpps.getSequence(Tag.ProcedureCodeSequence);
        if (codes == null || codes.isEmpty()) {
            return;
        }
        ArrayNode a = st.putArray("procedureCode");
        for (Attributes c : codes) {
            a.add(concept(c));
        }
    }

    /** ImagingStudy.series from Performed Series Sequence (0040,0340). */
    private static void series(ObjectNode st, Attributes mpps) {
        Sequence series = mpps.getSequence(Tag.PerformedSeriesSequence);
        if (series == null || series.isEmpty()) {
            return;
        }
        ArrayNode a = st.putArray("series");
        for (Attributes s : series) {
            ObjectNode o = a.addObject();
            o.put("uid", s.getString(Tag.SeriesInstanceUID, ""));                               // Series Instance UID (0020,000E)
            String modality = mpps.getString(Tag.Modality);                                      // Modality (0008,0060)
            if (modality != null) {
                o.set("modality", FhirJson.coding(Studies.DCM, modality, null));
            }
            FhirJson.put(o, "description", s.getString(Tag.SeriesDescription));                // Series Description (0008,103E)
            ArrayNode inst = FhirJson.array();
            for (int seq : new int[] {Tag.ReferencedImageSequence, Tag.ReferencedNonImageCompositeSOPInstanceSequence}) {
                Sequence refs = s.getSequence(seq);
                for (Attributes r : refs == null ? List.<Attributes>of() : refs) {
                    ObjectNode i = inst.addObject();
                    i.put("uid", r.getString(Tag.ReferencedSOPInstanceUID, ""));               // (0008,1155)
                    i.set("sopClass", FhirJson.coding("urn:ietf:rfc:3986", "urn:oid:" + r.getString(Tag.ReferencedSOPClassUID, ""), null));
                }
            }
            o.put("numberOfInstances", inst.size());
            if (!inst.isEmpty()) {
                o.set("instance", inst);
            }
        }
    }

    private static ObjectNode observation(Performed p, DoseQuantity q, ObjectNode study, String request, String patient) {
        ObjectNode ob = FhirJson.object();
        ob.put("resourceType", "Observation");
        ObjectNode id = FhirJson.object();
        id.put("system", Studies.DICOM_UID);
        id.put("value", "urn:oid:" + p.mppsUid());
        ob.set("identifier", FhirJson.array().add(id));
        if (request != null) {
            ob.set("basedOn", FhirJson.array().add(MapContext.reference(request)));
        }
        if (study != null) {
            ob.set("partOf", FhirJson.array().add(study));
        }
        ob.put("status", p.fin() ? "final" : "preliminary");
        ob.set("category", FhirJson.array().add(FhirJson.concept("http://terminology.hl7.org/CodeSystem/observation-category",
                "imaging", "Imaging")));
        ob.set("code", FhirJson.concept(Studies.DCM, q.code(), q.display()));
        if (patient != null) {
            ob.set("subject", MapContext.reference(patient));
        }
        if (p.start() != null) {
            ob.put("effectiveDateTime", ISO.format(p.start()));
        }
        ObjectNode v = ob.putObject("valueQuantity");
        v.put("value", q.value());
        v.put("unit", q.ucum());
        v.put("system", "http://unitsofmeasure.org");
        v.put("code", q.ucum());
        String comment = p.mpps().getString(Tag.CommentsOnRadiationDose);
        if (comment != null) {
            ob.set("note", FhirJson.array().add(FhirJson.object().put("text", comment)));
        }
        return ob;
    }

    /** A DICOM code item (Code Value, Coding Scheme Designator, Code Meaning) as a CodeableConcept. */
    private static ObjectNode concept(Attributes c) {
        return FhirJson.concept(system(c.getString(Tag.CodingSchemeDesignator, "")), c.getString(Tag.CodeValue, ""),
                c.getString(Tag.CodeMeaning));
    }

    /** FHIR system of a DICOM Coding Scheme Designator (PS3.16 8.2); others as urn:dicom:csd:&lt;designator&gt;. */
    static String system(String designator) {
        return switch (designator) {
            case "DCM" -> Studies.DCM;
            case "SCT", "SRT" -> "http://snomed.info/sct";
            case "LN" -> "http://loinc.org";
            case "C4" -> "http://www.ama-assn.org/go/cpt";
            case "RADLEX" -> "http://radlex.org";
            default -> "urn:dicom:csd:" + designator;
        };
    }
}
