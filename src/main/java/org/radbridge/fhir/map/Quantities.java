package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Numeric OBX values: NM -> valueQuantity with the OBX-6 unit (UCUM when OBX-6.3 says so), SN (HL7 v2.5 2.A.73:
 * comparator ^ num1 ^ separator ^ num2) -> valueQuantity with comparator, valueRange (num1 - num2) or valueRatio
 * (num1 : num2 or num1 / num2). HL7 v2-to-FHIR IG segment-obx-to-observation and datatype-sn-*.
 */
public final class Quantities {

    static final String UCUM = "http://unitsofmeasure.org";

    private Quantities() {
    }

    static BigDecimal number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim().startsWith("+") ? s.trim().substring(1) : s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A Quantity; {@code units} is OBX-6 (code, text, system name). */
    static ObjectNode quantity(BigDecimal value, Field units) {
        ObjectNode q = FhirJson.object();
        q.put("value", value);
        if (units != null) {
            String code = units.comp(1);
            String text = units.comp(2);
            boolean ucum = units.comp(3).equalsIgnoreCase("UCUM") || units.comp(3).equalsIgnoreCase("ANS+");
            FhirJson.put(q, "unit", text.isEmpty() ? code : text);
            if (ucum && !code.isEmpty()) {
                q.put("system", UCUM);
                q.put("code", code);
            }
        }
        return q;
    }

    /** NM: {"valueQuantity": ...} or null when OBX-5 is not a number. */
    public static ObjectNode numeric(String text, Field units) {
        BigDecimal v = number(text);
        if (v == null) {
            return null;
        }
        ObjectNode o = FhirJson.object();
        o.set("valueQuantity", quantity(v, units));
        return o;
    }

    /** SN: {"valueQuantity" | "valueRange" | "valueRatio": ...} or null when unreadable. */
    public static ObjectNode structured(String comparator, String num1, String separator, String num2, Field units) {
        BigDecimal a = number(num1);
        BigDecimal b = number(num2);
        ObjectNode o = FhirJson.object();
        String sep = separator == null ? "" : separator.trim();
        if (b != null && (sep.equals("-") || sep.isEmpty() && a != null)) {
            ObjectNode r = o.putObject("valueRange");
            if (a != null) {
                r.set("low", quantity(a, units));
            }
            r.set("high", quantity(b, units));
            return o;
        }
        if (b != null && a != null && (sep.equals(":") || sep.equals("/"))) {
            ObjectNode r = o.putObject("valueRatio");
            r.set("numerator", quantity(a, null));
            r.set("denominator", quantity(b, null));
            return o;
        }
        if (a == null) {
            return null;
        }
        ObjectNode q = quantity(a, units);
        String c = comparator == null ? "" : comparator.trim();
        if (c.equals("<") || c.equals("<=") || c.equals(">") || c.equals(">=")) {
            ObjectNode withComparator = FhirJson.object();
            withComparator.set("value", q.get("value"));
            withComparator.put("comparator", c);
            q.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("value")) {
                    withComparator.set(e.getKey(), e.getValue());
                }
            });
            q = withComparator;
        }
        o.set("valueQuantity", q);
        return o;
    }
}
