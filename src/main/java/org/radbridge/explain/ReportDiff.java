package org.radbridge.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.dicom.Dictionary;

/**
 * Differences between two dry-run reports of one message ({@link Explainer}: live and shadow mappings), each named by
 * the field that changed: a worklist attribute by keyword and tag (DICOM JSON, PS3.18 F.2, sequences descended), a
 * FHIR element by its path in the Bundle (with the resource type), an outbound HL7 field as SEG[n]-field, plus the
 * answer, the flows, held effects and warnings.
 */
public final class ReportDiff {

    /** One difference: where, and the two values (null: absent on that side). */
    public record Difference(String field, String live, String shadow) {
    }

    private final List<Difference> out = new ArrayList<>();

    private ReportDiff() {
    }

    public static List<Difference> of(JsonNode live, JsonNode shadow) {
        ReportDiff d = new ReportDiff();
        for (String f : new String[] {"code", "error", "location", "text"}) {
            d.value("answer." + f, live.path("answer").path(f), shadow.path("answer").path(f));
        }
        d.value("flows", live.path("flows"), shadow.path("flows"));
        d.dicomItems("worklist", live.path("worklist"), shadow.path("worklist"));
        ArrayNode lf = array(live.path("fhir"));
        ArrayNode sf = array(shadow.path("fhir"));
        for (int i = 0; i < Math.max(lf.size(), sf.size()); i++) {
            d.json("fhir[" + i + "]", lf.get(i), sf.get(i));
        }
        d.hl7(array(live.path("hl7")), array(shadow.path("hl7")));
        d.set("held", live.path("held"), shadow.path("held"));
        d.set("warnings", live.path("warnings"), shadow.path("warnings"));
        return d.out;
    }

    private static ArrayNode array(JsonNode n) {
        return n instanceof ArrayNode a ? a : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }

    private void add(String field, JsonNode live, JsonNode shadow) {
        out.add(new Difference(field, text(live), text(shadow)));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return null;
        }
        if (n.isArray() && n.size() == 1 && n.get(0).isValueNode()) {
            return n.get(0).asText(); // a single-valued DICOM attribute: its value
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private void value(String field, JsonNode a, JsonNode b) {
        if (!norm(a).equals(norm(b))) {
            add(field, a, b);
        }
    }

    private static JsonNode norm(JsonNode n) {
        return n == null || n.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
    }

    private void set(String field, JsonNode a, JsonNode b) {
        Set<String> la = strings(a);
        Set<String> lb = strings(b);
        for (String s : la) {
            if (!lb.contains(s)) {
                out.add(new Difference(field, s, null));
            }
        }
        for (String s : lb) {
            if (!la.contains(s)) {
                out.add(new Difference(field, null, s));
            }
        }
    }

    private static Set<String> strings(JsonNode n) {
        Set<String> s = new LinkedHashSet<>();
        n.forEach(x -> s.add(x.isTextual() ? x.asText() : x.toString()));
        return s;
    }

    /** Worklist items (arrays of DICOM JSON data sets), attribute by attribute. */
    private void dicomItems(String path, JsonNode a, JsonNode b) {
        ArrayNode la = array(a);
        ArrayNode lb = array(b);
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            JsonNode x = la.get(i);
            JsonNode y = lb.get(i);
            String p = path + "[" + i + "]";
            if (x == null || y == null) {
                add(p, x, y);
            } else {
                dataset(p, x, y);
            }
        }
    }

    private void dataset(String path, JsonNode a, JsonNode b) {
        Set<String> tags = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(tags::add);
        b.fieldNames().forEachRemaining(tags::add);
        for (String tag : tags) {
            JsonNode x = a.get(tag);
            JsonNode y = b.get(tag);
            String p = path + "." + attributeName(tag);
            if (x != null && y != null && "SQ".equals(x.path("vr").asText()) && "SQ".equals(y.path("vr").asText())) {
                ArrayNode ix = array(x.path("Value"));
                ArrayNode iy = array(y.path("Value"));
                for (int i = 0; i < Math.max(ix.size(), iy.size()); i++) {
                    if (ix.get(i) == null || iy.get(i) == null) {
                        add(p + "[" + i + "]", ix.get(i), iy.get(i));
                    } else {
                        dataset(p + "[" + i + "]", ix.get(i), iy.get(i));
                    }
                }
            } else {
                JsonNode vx = x == null ? null : x.path("Value");
                JsonNode vy = y == null ? null : y.path("Value");
                if (!norm(vx).equals(norm(vy))) {
                    add(p, vx, vy);
                }
            }
        }
    }

    /** "00321060" -> "RequestedProcedureDescription (0032,1060)". */
    public static String attributeName(String tag) {
        String where = tag.length() == 8 ? "(" + tag.substring(0, 4) + "," + tag.substring(4) + ")" : tag;
        try {
            String kw = Dictionary.keywordOf(Integer.parseUnsignedInt(tag, 16));
            return kw == null || kw.isEmpty() ? where : kw + " " + where;
        } catch (RuntimeException e) {
            return where;
        }
    }

    /** Any JSON (FHIR Bundles): objects by member, arrays by index; a resource's path names its type. */
    private void json(String path, JsonNode a, JsonNode b) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType() || a.isValueNode()) {
            if (!norm(a).equals(norm(b))) {
                add(path, a, b);
            }
            return;
        }
        if (a.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                json(path + "[" + i + "]", a.get(i), b.get(i));
            }
            return;
        }
        String p = path;
        if (a.has("resourceType") && a.path("resourceType").equals(b.path("resourceType"))) {
            p = path + "(" + a.path("resourceType").asText() + ")";
        }
        Set<String> names = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            json(p + "." + n, a.get(n), b.get(n));
        }
    }

    /** Outbound HL7 per destination, segment by segment (SEG[n], n-th of its kind), field by field. */
    private void hl7(ArrayNode a, ArrayNode b) {
        Set<String> dests = new LinkedHashSet<>();
        a.forEach(n -> dests.add(n.path("destination").asText()));
        b.forEach(n -> dests.add(n.path("destination").asText()));
        for (String d : dests) {
            String x = message(a, d);
            String y = message(b, d);
            String p = "hl7(" + d + ")";
            if (x == null || y == null) {
                if (x != null || y != null) {
                    out.add(new Difference(p, x, y));
                }
                continue;
            }
            List<String[]> sx = segments(x);
            List<String[]> sy = segments(y);
            for (int i = 0; i < Math.max(sx.size(), sy.size()); i++) {
                String[] fx = i < sx.size() ? sx.get(i) : null;
                String[] fy = i < sy.size() ? sy.get(i) : null;
                if (fx == null || fy == null || !fx[0].equals(fy[0])) {
                    out.add(new Difference(p + " segment " + (i + 1), fx == null ? null : String.join("|", fx),
                            fy == null ? null : String.join("|", fy)));
                    continue;
                }
                String seg = fx[0] + "[" + occurrence(sx, i) + "]";
                for (int f = 1; f < Math.max(fx.length, fy.length); f++) {
                    String vx = f < fx.length ? fx[f] : "";
                    String vy = f < fy.length ? fy[f] : "";
                    if (!vx.equals(vy)) {
                        int number = fx[0].equals("MSH") ? f + 1 : f;
                        out.add(new Difference(p + "." + seg + "-" + number, vx, vy));
                    }
                }
            }
        }
    }

    private static String message(ArrayNode l, String destination) {
        StringBuilder sb = null;
        for (JsonNode n : l) {
            if (n.path("destination").asText().equals(destination)) {
                sb = sb == null ? new StringBuilder() : sb.append('\n');
                sb.append(n.path("message").asText());
            }
        }
        return sb == null ? null : sb.toString();
    }

    private static List<String[]> segments(String text) {
        List<String[]> l = new ArrayList<>();
        for (String s : text.split("\r\n|\r|\n")) {
            if (!s.isEmpty()) {
                l.add(s.split("\\|", -1));
            }
        }
        return l;
    }

    private static int occurrence(List<String[]> segs, int index) {
        int n = 0;
        for (int i = 0; i <= index; i++) {
            if (segs.get(i)[0].equals(segs.get(index)[0])) {
                n++;
            }
        }
        return n;
    }

    /** The differences as JSON: [{field, live, shadow}]. */
    public static ArrayNode toJson(List<Difference> diffs) {
        ArrayNode a = Explainer.JSON.createArrayNode();
        for (Difference d : diffs) {
            ObjectNode o = a.addObject();
            o.put("field", d.field());
            o.put("live", d.live());
            o.put("shadow", d.shadow());
        }
        return a;
    }
}
