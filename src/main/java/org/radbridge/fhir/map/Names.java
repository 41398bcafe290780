package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * XPN -> HumanName (HL7 v2-to-FHIR IG datatype-xpn-to-humanname: XPN-1 family, XPN-2/3 given, XPN-4 and XPN-6
 * suffix, XPN-5 prefix, XPN-7 use), and the name parts of XCN/CNN (XCN-2..7) for Practitioner.name.
 */
public final class Names {

    private Names() {
    }

    /** A HumanName from its parts (any may be empty); null when all are empty. */
    public static ObjectNode name(String family, String given, String middle, String suffix, String prefix,
            String degree, String use) {
        ObjectNode n = FhirJson.object();
        FhirJson.put(n, "use", use);
        FhirJson.put(n, "family", family);
        ArrayNode g = FhirJson.array();
        FhirJson.add(g, given);
        FhirJson.add(g, middle);
        FhirJson.put(n, "given", g);
        ArrayNode p = FhirJson.array();
        FhirJson.add(p, prefix);
        FhirJson.put(n, "prefix", p);
        ArrayNode s = FhirJson.array();
        FhirJson.add(s, suffix);
        FhirJson.add(s, degree);
        FhirJson.put(n, "suffix", s);
        return n.has("family") || n.has("given") ? n : null;
    }

    /** XPN: family is XPN-1.1 (FN surname); use through codes/name-use.yaml. */
    public static ObjectNode xpn(Field f, MapContext ctx) {
        String use = f.comp(7).isEmpty() ? null : ctx.table("name-use").lookup(f.comp(7));
        return name(f.sub(1, 1), f.comp(2), f.comp(3), f.comp(4), f.comp(5), f.comp(6), use);
    }

    /** "PREFIX GIVEN FAMILY" for a display-only or display-carrying reference. */
    public static String display(ObjectNode humanName) {
        if (humanName == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        humanName.path("prefix").forEach(x -> sb.append(x.asText()).append(' '));
        humanName.path("given").forEach(x -> sb.append(x.asText()).append(' '));
        sb.append(humanName.path("family").asText(""));
        String s = sb.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
