package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.radbridge.fhir.TransactionBundle;

/**
 * XCN (and CNN inside NDL) -> Practitioner (HL7 v2-to-FHIR IG datatype-xcn-to-practitioner): XCN-1 with the
 * authority XCN-9 (or the sender's default issuer for practitioners) identifies a person, who becomes one
 * Practitioner of the Bundle however many fields name them; a reference carries the name as display. A name
 * without a usable identifier becomes a display-only reference and no resource (the IG's deduplication advice:
 * never create a person from a name alone).
 */
public final class Practitioners {

    private Practitioners() {
    }

    /** XCN: 1 id, 2 family (FN), 3 given, 4 middle, 5 suffix, 6 prefix, 7 degree, 9 authority (HD), 13 id type. */
    public static ObjectNode fromXcn(Field f, MapContext ctx) {
        ObjectNode name = Names.name(f.sub(2, 1), f.comp(3), f.comp(4), f.comp(5), f.comp(6), f.comp(7), null);
        return reference(f.comp(1), f.sub(9, 1), f.sub(9, 2), f.sub(9, 3), name, ctx);
    }

    /**
     * NDL (OBR-32..35): component 1 is a CNN whose parts are subcomponents (1 id, 2 family, 3 given, 4 middle,
     * 5 suffix, 6 prefix, 7 degree, 9 authority namespace, 10 universal id, 11 its type). Many senders write the
     * parts as components instead, as in an XCN: both are read.
     */
    public static ObjectNode fromNdl(Field f, MapContext ctx) {
        if (!f.hasSubcomponents(1)) {
            return fromXcn(f, ctx);
        }
        ObjectNode name = Names.name(f.sub(1, 2), f.sub(1, 3), f.sub(1, 4), f.sub(1, 5), f.sub(1, 6), f.sub(1, 7), null);
        return reference(f.sub(1, 1), f.sub(1, 9), f.sub(1, 10), f.sub(1, 11), name, ctx);
    }

    private static ObjectNode reference(String id, String ns, String uid, String uidType, ObjectNode name, MapContext ctx) {
        String display = Names.display(name);
        ObjectNode ref = FhirJson.object();
        if (!id.isEmpty()) {
            IdentifierSystems.Result r = ctx.identifierSystems().system(ns, uid, uidType, "practitioner", ctx.peer());
            if (r.ok()) {
                String condition = Identifiers.query(java.util.List.of(Identifiers.token(r.system(), id)));
                String url = TransactionBundle.fullUrl("Practitioner", condition);
                if (!ctx.bundle().contains(url)) { // a person named by several fields is built once
                    ObjectNode p = FhirJson.object();
                    p.put("resourceType", "Practitioner");
                    p.set("identifier", FhirJson.array().add(Identifiers.typed(r.system(), id, null)));
                    if (name != null) {
                        p.set("name", FhirJson.array().add(name));
                    }
                    ctx.bundle().add(url, p, ctx.practitionerWrite(), condition);
                }
                ref.put("reference", url);
            } else {
                ctx.warn("fhir: a practitioner identifier without a known assigning authority is referenced by name only");
            }
        }
        FhirJson.put(ref, "display", display);
        return ref.isEmpty() ? null : ref;
    }

    /** Every repetition as a reference (null entries left out). */
    public static ArrayNode all(java.util.List<Field> reps, boolean ndl, MapContext ctx) {
        ArrayNode out = FhirJson.array();
        for (Field f : reps) {
            ObjectNode r = ndl ? fromNdl(f, ctx) : fromXcn(f, ctx);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
