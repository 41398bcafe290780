package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.order.ProcedureIds;

/**
 * The business identifiers of one order as FHIR Identifiers typed as in the HL7 Imaging ServiceRequest IG:
 * placer order number (PLAC), filler order number (FILL), accession (ACSN), each with the system of its assigning
 * authority. They identify the ServiceRequest and the DiagnosticReport of the order; the condition of a write is
 * "any of them" (FHIR search OR), so an order found under its placer number is still found once the filler adds
 * its own.
 *
 * @param tokens the search tokens of the identifiers, in the order placer, filler, accession
 */
public record OrderIdentity(List<Typed> identifiers, List<String> tokens) {

    /** One identifier of the order. */
    public record Typed(String type, String system, String value) {
    }

    /**
     * From the shared procedure identifiers (order.ProcedureIds). A missing issuer: the sender's default issuer
     * for orders / accessions; for the number the sender itself assigns (placer for an EMR, filler for a RIS) its
     * MSH-3 namespace; an accession without one takes the filler's.
     */
    public static OrderIdentity of(ProcedureIds ids, String senderNamespace, boolean senderIsFiller, MapContext ctx) {
        List<Typed> out = new ArrayList<>(3);
        add(out, "PLAC", ids.placerOrderNumber(), ids.placerIssuer(), senderIsFiller ? null : senderNamespace, "order",
                "ORC-2", ctx);
        add(out, "FILL", ids.fillerOrderNumber(), ids.fillerIssuer(), senderIsFiller ? senderNamespace : null, "order",
                "ORC-3", ctx);
        String fillerNs = blank(ids.fillerIssuer()) ? (senderIsFiller ? senderNamespace : null) : ids.fillerIssuer();
        add(out, "ACSN", ids.accessionNumber(), ids.accessionIssuer(), fillerNs, "accession", "OBR-18", ctx);
        if (out.isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "ORC-2",
                    "the order has no placer, filler or accession number to identify it in FHIR");
        }
        List<String> tokens = new ArrayList<>(out.size());
        for (Typed t : out) {
            String token = Identifiers.token(t.system(), t.value());
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        return new OrderIdentity(List.copyOf(out), List.copyOf(tokens));
    }

    private static void add(List<Typed> out, String type, String value, String issuer, String fallbackNs, String kind,
            String path, MapContext ctx) {
        if (blank(value)) {
            return;
        }
        String ns = blank(issuer) ? fallbackNs : issuer.trim();
        boolean oid = ns != null && ns.matches("[0-2](\\.(0|[1-9][0-9]*))+");
        IdentifierSystems.Result r = ctx.identifierSystems().system(oid ? null : ns, oid ? ns : null, oid ? "ISO" : null,
                kind, ctx.peer());
        if (!r.ok()) {
            if (r.problem() == IdentifierSystems.Problem.UNKNOWN) {
                throw IdentifierSystems.refusal(r, path, type.equals("ACSN") ? "the accession number" : path);
            }
            ctx.warn("fhir: " + type + " identifier without an assigning authority left out");
            return;
        }
        for (Typed t : out) { // an accession that is also the filler order number is listed under both types
            if (t.type().equals(type) && t.system().equals(r.system()) && t.value().equals(value.trim())) {
                return;
            }
        }
        out.add(new Typed(type, r.system(), value.trim()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The Identifier array of the ServiceRequest / DiagnosticReport. */
    public ArrayNode toJson() {
        ArrayNode a = FhirJson.array();
        for (Typed t : identifiers) {
            a.add(Identifiers.typed(t.system(), t.value(), t.type()));
        }
        return a;
    }

    /** "identifier=plac,fill,acsn". */
    public String condition() {
        return Identifiers.query(tokens);
    }

    /** The filler's identifier, else the first: what Observation identifiers are built on. */
    public Typed primary() {
        for (Typed t : identifiers) {
            if (t.type().equals("FILL")) {
                return t;
            }
        }
        return identifiers.get(0);
    }
}
