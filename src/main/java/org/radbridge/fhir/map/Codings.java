package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * CE / CWE / CNE -> CodeableConcept (HL7 v2-to-FHIR IG datatype-cwe-to-codeableconcept): components 1-3 and the
 * alternate 4-6 become codings, the coding system name (HL7 table 0396) becomes a URI through
 * codes/coding-systems.yaml (an unknown name leaves the system out), CWE-9 original text becomes text.
 */
public final class Codings {

    private Codings() {
    }

    /** One CodeableConcept from several CE values (e.g. OBR-4 and OBR-44): codings merged, duplicates dropped. */
    public static ObjectNode concept(List<Field> values, MapContext ctx) {
        ArrayNode codings = FhirJson.array();
        String text = null;
        String onlyText = null;
        for (Field f : values) {
            addCoding(codings, f.comp(1), f.comp(2), f.comp(3), ctx);
            addCoding(codings, f.comp(4), f.comp(5), f.comp(6), ctx);
            if (text == null && !f.comp(9).isEmpty()) {
                text = f.comp(9);
            }
            if (onlyText == null && f.comp(1).isEmpty() && !f.comp(2).isEmpty()) {
                onlyText = f.comp(2);
            }
        }
        ObjectNode c = FhirJson.object();
        FhirJson.put(c, "coding", codings);
        FhirJson.put(c, "text", text != null ? text : codings.isEmpty() ? onlyText : null);
        return c.isEmpty() ? null : c;
    }

    private static void addCoding(ArrayNode codings, String code, String display, String systemName, MapContext ctx) {
        if (code.isEmpty()) {
            return;
        }
        String system = systemName.isEmpty() ? null : ctx.table("coding-systems").lookup(systemName);
        for (var existing : codings) {
            if (code.equals(existing.path("code").asText()) && (system == null ? !existing.has("system")
                    : system.equals(existing.path("system").asText()))) {
                return;
            }
        }
        codings.add(FhirJson.coding(system, code, display.isEmpty() ? null : display));
    }
}
