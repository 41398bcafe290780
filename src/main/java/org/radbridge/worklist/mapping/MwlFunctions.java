package org.radbridge.worklist.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.radbridge.dicom.PersonName;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/**
 * The named functions a mapping rule may call ({@code fn:} in mappings/hl7-to-mwl/), each one HL7 data
 * type or rule of mission-anchors.md §2.2: person names (XPN, XCN, CNN to PN with prefix/suffix
 * reordered), DTM to DA/TM/offset, PID-7 to DA, composite values, telephone numbers, station routing.
 * A function gets the segment and path of one source; it returns "" for no value and throws
 * IllegalArgumentException for an invalid one.
 */
public final class MwlFunctions {

    /** A mapping function. */
    @FunctionalInterface
    public interface Fn {
        String apply(Segment seg, Hl7Path path, MappingContext ctx);
    }

    private static final Map<String, Fn> FUNCTIONS = Map.ofEntries(
            Map.entry("xpn-to-pn", (s, p, c) -> xpnToPn(components(s, p))),
            Map.entry("xcn-to-pn", (s, p, c) -> xcnToPn(components(s, p))),
            Map.entry("cnn-to-pn", (s, p, c) -> cnnToPn(subcomponents(s, p))),
            Map.entry("dtm-date", (s, p, c) -> dtm(s, p).date()),
            Map.entry("dtm-time", (s, p, c) -> dtm(s, p).time()),
            Map.entry("dtm-offset", (s, p, c) -> dtm(s, p).offset()),
            Map.entry("date", (s, p, c) -> value(s, p).isEmpty() ? "" : Hl7DateTime.dateOnly(value(s, p))),
            Map.entry("components", (s, p, c) -> joinComponents(components(s, p))),
            Map.entry("xtn-phone", (s, p, c) -> xtnPhone(components(s, p))),
            Map.entry("station-routing", (s, p, c) -> c.routeStation()));

    private MwlFunctions() {
    }

    public static boolean exists(String name) {
        return FUNCTIONS.containsKey(name);
    }

    public static Fn get(String name) {
        Fn f = FUNCTIONS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown mapping function " + name);
        }
        return f;
    }

    // ---------------------------------------------------------------- person names

    /** XPN family^given^middle^suffix^prefix^degree (family may have subcomponents) to PN family^given^middle^prefix^suffix. */
    public static String xpnToPn(List<String> c) {
        return pn(family(c, 1), at(c, 2), at(c, 3), at(c, 5), suffix(at(c, 4), at(c, 6)));
    }

    /** XCN id^family^given^middle^suffix^prefix^degree to PN. */
    public static String xcnToPn(List<String> c) {
        return pn(family(c, 2), at(c, 3), at(c, 4), at(c, 6), suffix(at(c, 5), at(c, 7)));
    }

    /** CNN id&family&given&middle&suffix&prefix&degree (OBR-32..35 first component) to PN. */
    public static String cnnToPn(List<String> s) {
        return xcnToPn(s);
    }

    private static String pn(String family, String given, String middle, String prefix, String suffix) {
        return PersonName.of(family, given, middle, prefix, suffix).toString();
    }

    /** Degree (e.g. MD) is appended to the suffix (PS3.5 6.2.1: suffix holds both). */
    private static String suffix(String suffix, String degree) {
        if (suffix.isEmpty()) {
            return degree;
        }
        return degree.isEmpty() ? suffix : suffix + " " + degree;
    }

    /** The surname: first subcomponent of an FN (XPN-1 / XCN-2: surname&own surname prefix&...). */
    private static String family(List<String> c, int i) {
        if (i > c.size()) {
            return "";
        }
        String s = c.get(i - 1);
        int nul = s.indexOf('\u0000');
        return nul < 0 ? s : s.substring(0, nul);
    }

    // ---------------------------------------------------------------- dates, composites

    private static Hl7DateTime dtm(Segment s, Hl7Path p) {
        String v = value(s, p);
        return v.isEmpty() ? new Hl7DateTime("", "", "") : Hl7DateTime.parse(v);
    }

    /** Components joined with '^', trailing empty ones dropped (addresses, locations as free text). */
    public static String joinComponents(List<String> c) {
        List<String> flat = new ArrayList<>();
        for (String x : c) {
            flat.add(x.replace('\u0000', ' ').trim());
        }
        int end = flat.size();
        while (end > 0 && flat.get(end - 1).isEmpty()) {
            end--;
        }
        return String.join("^", flat.subList(0, end));
    }

    /** XTN: the formatted number (XTN-1), else [+country] (area) local [Xext] from XTN-5..8; e-mail only entries give "". */
    public static String xtnPhone(List<String> c) {
        String use = at(c, 3);
        if (use.equalsIgnoreCase("Internet") || use.equalsIgnoreCase("X.400")) {
            return "";
        }
        if (!at(c, 1).isEmpty()) {
            return at(c, 1);
        }
        StringBuilder sb = new StringBuilder();
        if (!at(c, 5).isEmpty()) {
            sb.append('+').append(at(c, 5)).append(' ');
        }
        if (!at(c, 6).isEmpty()) {
            sb.append('(').append(at(c, 6)).append(')');
        }
        sb.append(at(c, 7));
        if (!at(c, 8).isEmpty()) {
            sb.append(" X").append(at(c, 8));
        }
        return sb.toString().trim();
    }

    // ---------------------------------------------------------------- access

    static String value(Segment s, Hl7Path p) {
        return s == null ? "" : p.valueIn(s);
    }

    /** Decoded components of the path's field repetition (subcomponents kept, separated by NUL). */
    static List<String> components(Segment s, Hl7Path p) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        String raw = s.raw(p.field(), p.repetition(), 0, 0);
        char cs = s.delimiters().component();
        char ss = s.delimiters().subcomponent();
        for (String comp : Delimiters.split(raw, cs)) {
            if (ss == 0 || comp.indexOf(ss) < 0) { // one subcomponent: no joining
                out.add(Hl7Escapes.unescape(comp, s.delimiters()).trim());
                continue;
            }
            List<String> subs = Delimiters.split(comp, ss);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < subs.size(); i++) {
                if (i > 0) {
                    sb.append('\u0000');
                }
                sb.append(Hl7Escapes.unescape(subs.get(i), s.delimiters()).trim());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Decoded subcomponents of the path's component (e.g. OBR-34.1, a CNN). */
    static List<String> subcomponents(Segment s, Hl7Path p) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        String raw = s.raw(p.field(), p.repetition(), p.component() == 0 ? 1 : p.component(), 0);
        for (String sub : Delimiters.split(raw, s.delimiters().subcomponent())) {
            out.add(Hl7Escapes.unescape(sub, s.delimiters()).trim());
        }
        return out;
    }


    /** 1-based component, "" when absent; subcomponents joined by a space. */
    private static String at(List<String> c, int i) {
        if (i > c.size()) {
            return "";
        }
        return c.get(i - 1).replace('\u0000', ' ').trim();
    }
}
