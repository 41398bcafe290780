package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * XTN -> ContactPoint and XAD -> Address (HL7 v2-to-FHIR IG datatype-xtn-to-contactpoint, datatype-xad-to-address).
 */
public final class Contacts {

    private Contacts() {
    }

    /**
     * XTN: system from XTN-3 (codes/telecom-system.yaml), use from XTN-2 (codes/telecom-use.yaml) else the path's
     * default (PID-13 home, PID-14 work), CP -> mobile; value XTN-4 for e-mail, else XTN-1 or the number built from
     * XTN-5..8.
     */
    public static ObjectNode xtn(Field f, String defaultUse, MapContext ctx) {
        String equipment = f.comp(3);
        String system = equipment.isEmpty() ? (f.comp(2).equals("NET") ? "email" : "phone")
                : ctx.table("telecom-system").lookup(equipment);
        String value;
        if ("email".equals(system)) {
            value = f.comp(4).isEmpty() ? f.comp(1) : f.comp(4);
        } else {
            value = f.comp(1);
            if (value.isEmpty()) {
                value = number(f.comp(5), f.comp(6), f.comp(7), f.comp(8));
            }
        }
        if (value.isEmpty()) {
            return null;
        }
        String use = f.comp(2).isEmpty() ? null : ctx.table("telecom-use").lookup(f.comp(2));
        if ("CP".equals(equipment)) {
            use = "mobile";
        }
        if (use == null) {
            use = defaultUse;
        }
        ObjectNode c = FhirJson.object();
        c.put("system", system);
        c.put("value", value);
        FhirJson.put(c, "use", use);
        return c;
    }

    /** "+1 (217) 555-0101 ext. 12" from XTN-5 country, -6 area, -7 local, -8 extension. */
    static String number(String country, String area, String local, String extension) {
        if (local.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (!country.isEmpty()) {
            sb.append('+').append(country).append(' ');
        }
        if (!area.isEmpty()) {
            sb.append('(').append(area).append(") ");
        }
        sb.append(local);
        if (!extension.isEmpty()) {
            sb.append(" ext. ").append(extension);
        }
        return sb.toString();
    }

    /** XAD: line XAD-1.1 (+ XAD-2), city -3, state -4, postalCode -5, country -6, district -9, use -7. */
    public static ObjectNode xad(Field f, MapContext ctx) {
        ObjectNode a = FhirJson.object();
        FhirJson.put(a, "use", f.comp(7).isEmpty() ? null : ctx.table("address-use").lookup(f.comp(7)));
        ArrayNode line = FhirJson.array();
        FhirJson.add(line, f.sub(1, 1));
        FhirJson.add(line, f.comp(2));
        FhirJson.put(a, "line", line);
        FhirJson.put(a, "city", f.comp(3));
        FhirJson.put(a, "district", f.comp(9));
        FhirJson.put(a, "state", f.comp(4));
        FhirJson.put(a, "postalCode", f.comp(5));
        FhirJson.put(a, "country", f.comp(6));
        a.remove("use");
        if (a.isEmpty()) {
            return null;
        }
        ObjectNode out = FhirJson.object();
        FhirJson.put(out, "use", f.comp(7).isEmpty() ? null : ctx.table("address-use").lookup(f.comp(7)));
        out.setAll(a);
        return out;
    }
}
