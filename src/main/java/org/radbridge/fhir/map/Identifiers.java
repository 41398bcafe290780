package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.radbridge.hl7.Hl7Path;

/**
 * CX -> Identifier (HL7 v2-to-FHIR IG datatype-cx-to-identifier: CX-1 value, CX-4 system, CX-5 type (v2-0203)),
 * and the FHIR search token of an identifier for conditional writes (FHIR R4 search.html#token, escaping as in
 * search.html#escaping).
 */
public final class Identifiers {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private Identifiers() {
    }

    /** Identifier {type, system, value}; type = v2-0203 code when given. */
    public static ObjectNode typed(String system, String value, String typeCode) {
        ObjectNode id = FhirJson.object();
        if (typeCode != null && !typeCode.isEmpty()) {
            id.set("type", FhirJson.concept(V2_0203, typeCode, null));
        }
        FhirJson.put(id, "system", system);
        FhirJson.put(id, "value", value);
        return id;
    }

    /**
     * Every repetition of a CX path; a repetition whose authority has no system is left out with a warning, except
     * the first patient identifier (the patient's key), which refuses the message (IdentifierSystems.refusal).
     */
    public static ArrayNode fromCx(List<Field> reps, Hl7Path path, String kind, String typeOverride, MapContext ctx) {
        ArrayNode out = FhirJson.array();
        boolean first = true;
        for (Field f : reps) {
            String value = f.comp(1);
            if (value.isEmpty()) {
                continue;
            }
            boolean key = first;
            first = false;
            IdentifierSystems.Result r = ctx.identifierSystems().system(f.sub(4, 1), f.sub(4, 2), f.sub(4, 3), kind, ctx.peer());
            if (!r.ok()) {
                if (key && "patient".equals(kind)) {
                    throw IdentifierSystems.refusal(r, path.segment() + "-" + path.field() + ".4", path.segment() + "-" + path.field());
                }
                ctx.warn("fhir: " + path.segment() + "-" + path.field() + " identifier without a known assigning authority left out");
                continue;
            }
            String type = typeOverride != null ? typeOverride : ctx.table("identifier-type").lookup(f.comp(5));
            out.add(typed(r.system(), value, type == null || type.isEmpty() ? null : type));
        }
        return out;
    }

    /** "system|value" as a FHIR search token, escaped. */
    public static String token(String system, String value) {
        return escape(system == null ? "" : system) + "|" + escape(value);
    }

    /** FHIR search escaping (\ , $ |) and URL encoding of the characters a query string cannot carry. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', ',', '$', '|' -> sb.append('\\').append(c);
                default -> {
                    if (c <= ' ' || c == '&' || c == '#' || c == '%' || c == '+' || c == '?' || c >= 127) {
                        byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        for (byte x : b) {
                            sb.append('%').append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** "identifier=t1,t2": matches a resource holding any of the tokens (FHIR search OR). */
    public static String query(List<String> tokens) {
        return "identifier=" + String.join(",", tokens);
    }
}
