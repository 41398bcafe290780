package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/**
 * The named conversions of mappings/hl7-to-fhir rules (`as:`), each a small function of the datatype classes
 * (Identifiers, Names, Contacts, Codings, DateTimes, Practitioners, Reports, Quantities). docs/fhir.md lists them.
 */
public final class Conversions {

    private static final Map<String, Conversion> ALL = Map.ofEntries(
            Map.entry("string", (r, s, c) -> text(first(r, s))),
            Map.entry("code", Conversions::code),
            Map.entry("date", (r, s, c) -> text(DateTimes.date(first(r, s)))),
            Map.entry("datetime", (r, s, c) -> text(DateTimes.dateTime(first(r, s), c.zone()))),
            Map.entry("instant", (r, s, c) -> text(DateTimes.instant(first(r, s), c.zone()))),
            Map.entry("authored-on", Conversions::authoredOn),
            Map.entry("period", Conversions::period),
            Map.entry("identifiers", Conversions::identifiers),
            Map.entry("names", (r, s, c) -> each(r, s, (f, p) -> Names.xpn(f, c))),
            Map.entry("telecoms", (r, s, c) -> each(r, s, (f, p) -> Contacts.xtn(f, p, c))),
            Map.entry("addresses", (r, s, c) -> each(r, s, (f, p) -> Contacts.xad(f, c))),
            Map.entry("concept", (r, s, c) -> Codings.concept(fields(r, s), c)),
            Map.entry("concepts", (r, s, c) -> each(r, s, (f, p) -> Codings.concept(List.of(f), c))),
            Map.entry("coded-concept", Conversions::codedConcept),
            Map.entry("coding", Conversions::coding),
            Map.entry("practitioner", Conversions::practitioner),
            Map.entry("interpreters", (r, s, c) -> Practitioners.all(fields(r, s), true, c)),
            Map.entry("participants", Conversions::participants),
            Map.entry("location", Conversions::location),
            Map.entry("notes", Conversions::notes),
            Map.entry("order-status", Conversions::orderStatus),
            Map.entry("order-identifiers", (r, s, c) -> c.order() == null ? null : c.order().toJson()),
            Map.entry("study-identifiers", (r, s, c) -> Studies.identifiers(c)),
            Map.entry("study-status", (r, s, c) -> text(c.studyStatus())),
            Map.entry("modalities", (r, s, c) -> Studies.modalities(c)),
            Map.entry("observation-identifier", (r, s, c) -> Studies.observationIdentifier(s, c)),
            Map.entry("obx-value", Conversions::obxValue),
            Map.entry("report-text", (r, s, c) -> Reports.presentedForm(obxs(s), r.table(), null, c)),
            Map.entry("report-conclusion", (r, s, c) -> text(Reports.conclusion(obxs(s), r.table()))));

    private static final Hl7Path ORC_1 = Hl7Path.of("ORC-1");

    private Conversions() {
    }

    public static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    public static Conversion get(String name) {
        return ALL.get(name);
    }

    /** The first path of the rule with a value ("" when none has one). */
    static String first(Rule r, Scope s) {
        for (Hl7Path p : r.from()) {
            String v = Field.clean(s.value(p));
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** The repetitions of the first path with any (every path's when the rule says all). */
    static List<Field> fields(Rule r, Scope s) {
        List<Field> out = new ArrayList<>();
        for (Hl7Path p : r.from()) {
            List<Field> f = Field.of(s, p);
            out.addAll(f);
            if (!f.isEmpty() && !r.all()) {
                break;
            }
        }
        return out;
    }

    interface PerField {
        JsonNode apply(Field f, String pathParam);
    }

    /** Converts every repetition (of the first path with any, or of all paths), passing the path's parameter. */
    static ArrayNode each(Rule r, Scope s, PerField fn) {
        ArrayNode out = FhirJson.array();
        for (int i = 0; i < r.from().size(); i++) {
            List<Field> f = Field.of(s, r.from().get(i));
            for (Field x : f) {
                JsonNode v = fn.apply(x, r.fromParams().get(i));
                if (!FhirJson.isEmpty(v)) {
                    out.add(v);
                }
            }
            if (!f.isEmpty() && !r.all()) {
                break;
            }
        }
        return out;
    }

    static JsonNode text(String s) {
        return s == null || s.isEmpty() ? null : TextNode.valueOf(s);
    }

    private static JsonNode code(Rule r, Scope s, MapContext c) {
        String v = first(r, s);
        if (v.isEmpty()) {
            return null;
        }
        String mapped = r.table().lookup(v);
        if (mapped == null) {
            c.warn("fhir: " + r.element() + ": value of " + r.from().get(0) + " not in " + r.table().name());
        }
        return text(mapped);
    }

    private static JsonNode authoredOn(Rule r, Scope s, MapContext c) {
        return OrderStatus.isNewOrder(s.value(ORC_1)) ? text(DateTimes.dateTime(first(r, s), c.zone())) : null;
    }

    private static JsonNode period(Rule r, Scope s, MapContext c) {
        ObjectNode p = FhirJson.object();
        FhirJson.put(p, "start", DateTimes.dateTime(Field.clean(s.value(r.from().get(0))), c.zone()));
        if (r.from().size() > 1) {
            FhirJson.put(p, "end", DateTimes.dateTime(Field.clean(s.value(r.from().get(1))), c.zone()));
        }
        return p.isEmpty() ? null : p;
    }

    private static JsonNode identifiers(Rule r, Scope s, MapContext c) {
        ArrayNode out = FhirJson.array();
        for (Hl7Path p : r.from()) {
            out.addAll(Identifiers.fromCx(Field.of(s, p), p, r.param("kind"), r.param("type"), c));
        }
        return out;
    }

    private static JsonNode codedConcept(Rule r, Scope s, MapContext c) {
        String v = first(r, s);
        String code = v.isEmpty() ? null : r.table().lookup(v);
        return code == null ? null : FhirJson.concept(r.param("system"), code, null);
    }

    private static JsonNode coding(Rule r, Scope s, MapContext c) {
        String v = first(r, s);
        String code = r.table().lookup(v.isEmpty() ? null : v);
        return code == null ? null : FhirJson.coding(r.param("system"), code, null);
    }

    private static JsonNode practitioner(Rule r, Scope s, MapContext c) {
        List<Field> f = fields(r, s);
        return f.isEmpty() ? null : Practitioners.fromXcn(f.get(0), c);
    }

    private static JsonNode participants(Rule r, Scope s, MapContext c) {
        ArrayNode out = FhirJson.array();
        for (int i = 0; i < r.from().size(); i++) {
            for (Field f : Field.of(s, r.from().get(i))) {
                ObjectNode ref = Practitioners.fromXcn(f, c);
                if (ref != null) {
                    ObjectNode p = out.addObject();
                    p.set("type", FhirJson.array().add(FhirJson.concept(
                            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", r.fromParams().get(i), null)));
                    p.set("individual", ref);
                }
            }
        }
        return out;
    }

    private static JsonNode location(Rule r, Scope s, MapContext c) {
        List<Field> f = fields(r, s);
        if (f.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            String part = i == 4 ? f.get(0).sub(4, 1) : f.get(0).comp(i);
            if (!part.isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(part);
            }
        }
        if (sb.length() == 0) {
            return null;
        }
        ObjectNode loc = FhirJson.object();
        loc.putObject("location").put("display", sb.toString());
        return FhirJson.array().add(loc);
    }

    /** NTE-3 of the scope's notes; at order-group level only those before the first OBX (the OBX own the rest). */
    private static JsonNode notes(Rule r, Scope s, MapContext c) {
        ArrayNode out = FhirJson.array();
        for (Hl7Path p : r.from()) {
            for (Segment nte : s.segments(p.segment())) {
                if (s.localSegments().isEmpty() && afterFirstObx(s.groupSegments(), nte)) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (Field f : Field.in(nte, p.field())) {
                    sb.append(sb.length() > 0 ? "\n" : "").append(f.text());
                }
                if (sb.length() > 0) {
                    out.addObject().put("text", sb.toString());
                }
            }
        }
        return out;
    }

    private static JsonNode orderStatus(Rule r, Scope s, MapContext c) {
        String status = OrderStatus.of(Field.clean(s.value(r.from().get(0))), Field.clean(s.value(r.from().get(1))),
                c.tables().orderStatusFinal(), c.tables().orderStatus(), c.tables().orderControl());
        return text(status);
    }

    private static JsonNode obxValue(Rule r, Scope s, MapContext c) {
        Segment obx = s.segment("OBX");
        List<Field> values = fields(r, s);
        if (obx == null || values.isEmpty()) {
            return null;
        }
        Field v = values.get(0);
        List<Field> units = Field.in(obx, 6);
        Field unit = units.isEmpty() ? null : units.get(0);
        return switch (obx.value(2).toUpperCase(java.util.Locale.ROOT)) {
            case "CE", "CWE", "CNE" -> {
                ObjectNode cc = Codings.concept(List.of(v), c);
                yield cc == null ? null : FhirJson.object().set("valueCodeableConcept", cc);
            }
            case "NM" -> Quantities.numeric(v.comp(1), unit);
            case "SN" -> Quantities.structured(v.comp(1), v.comp(2), v.comp(3), v.comp(4), unit);
            default -> null;
        };
    }

    private static boolean afterFirstObx(List<Segment> group, Segment nte) {
        for (Segment seg : group) {
            if (seg == nte) {
                return false;
            }
            if (seg.is("OBX")) {
                return true;
            }
        }
        return false;
    }

    static List<Segment> obxs(Scope s) {
        List<Segment> out = new ArrayList<>();
        for (Segment seg : s.groupSegments()) {
            if (seg.is("OBX")) {
                out.add(seg);
            }
        }
        return out;
    }
}
