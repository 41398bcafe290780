package org.radbridge.dicom.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.PersonName;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.Values;

/**
 * DICOM JSON Model (PS3.18 F.2): writing and reading.
 *
 * <p>Output is deterministic: attributes in ascending tag order, keys "vr" then "Value" or
 * "InlineBinary", two-space indentation when pretty. Mapping (PS3.18 F.2.3, Table F.2.3-1):
 * PN as objects with "Alphabetic"/"Ideographic"/"Phonetic"; IS, DS, US, SS, UL, SL, FL, FD, SV, UV as
 * JSON numbers (an IS/DS value that is not a valid number is written as a string, to lose nothing);
 * AT as "ggggeeee"; OB/OD/OF/OL/OV/OW/UN as base64 "InlineBinary"; SQ items as nested objects; empty
 * values inside a multi-valued attribute as null; a zero-length attribute without "Value".
 * "BulkDataURI" is not produced and is read as an empty attribute.
 */
public final class DicomJson {

    private static final java.util.regex.Pattern JSON_NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DicomJson() {
    }

    /** "ggggeeee": a tag as 8 upper-case hex digits, as {@code String.format("%08X", tag)} without its cost. */
    static String hex8(int tag) {
        long v = tag & 0xFFFFFFFFL;
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(c);
    }

    /** The data set as a JSON object (written as it is walked: the same text as the tree {@link #writeArray} prints). */
    public static String write(Attributes data, boolean pretty) {
        StringBuilder sb = new StringBuilder(256);
        writeObject(data, sb, pretty, 0);
        return sb.toString();
    }

    private static void writeObject(Attributes data, StringBuilder sb, boolean pretty, int indent) {
        String colon = pretty ? ": " : ":";
        boolean first = true;
        for (Attributes.Element e : data) {
            sb.append(first ? '{' : ',');
            first = false;
            newline(sb, pretty, indent + 1);
            sb.append('"').append(hex8(e.tag())).append('"').append(colon).append('{');
            newline(sb, pretty, indent + 2);
            sb.append("\"vr\"").append(colon);
            Json.quote(e.vr().name(), sb);
            Object value = e.value();
            if (value != null && !e.isEmpty()) {
                sb.append(',');
                newline(sb, pretty, indent + 2);
                if (value instanceof byte[] b) {
                    sb.append("\"InlineBinary\"").append(colon);
                    Json.quote(Base64.getEncoder().encodeToString(b), sb);
                } else if (value instanceof Sequence seq) {
                    sb.append("\"Value\"").append(colon);
                    writeItems(seq, sb, pretty, indent + 2);
                } else {
                    sb.append("\"Value\"").append(colon);
                    Json.print(values(e), sb, pretty, indent + 2);
                }
            }
            newline(sb, pretty, indent + 1);
            sb.append('}');
        }
        if (first) {
            sb.append("{}");
            return;
        }
        newline(sb, pretty, indent);
        sb.append('}');
    }

    private static void writeItems(Sequence seq, StringBuilder sb, boolean pretty, int indent) {
        if (seq.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        boolean first = true;
        for (Attributes item : seq) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, pretty, indent + 1);
            writeObject(item, sb, pretty, indent + 1);
        }
        newline(sb, pretty, indent);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, boolean pretty, int indent) {
        if (pretty) {
            sb.append('\n');
            for (int i = 0; i < indent; i++) {
                sb.append("  ");
            }
        }
    }

    /** Several data sets as a JSON array (as the QIDO-RS and worklist API responses). */
    public static String writeArray(List<Attributes> list, boolean pretty) {
        List<Object> arr = new ArrayList<>();
        for (Attributes a : list) {
            arr.add(toTree(a));
        }
        StringBuilder sb = new StringBuilder();
        Json.print(arr, sb, pretty, 0);
        return sb.toString();
    }

    /** Parses one JSON object into a data set. */
    public static Attributes read(String json) {
        Object tree = Json.parse(json);
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("DICOM JSON: expected an object");
        }
        return fromTree(m);
    }

    /** Parses a JSON array of objects. */
    public static List<Attributes> readArray(String json) {
        Object tree = Json.parse(json);
        if (!(tree instanceof List<?> l)) {
            throw new IllegalArgumentException("DICOM JSON: expected an array");
        }
        List<Attributes> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("DICOM JSON: expected an object in the array");
            }
            out.add(fromTree(m));
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    private static Map<String, Object> toTree(Attributes data) {
        Map<String, Object> obj = new LinkedHashMap<>();
        for (Attributes.Element e : data) {
            Map<String, Object> el = new LinkedHashMap<>();
            el.put("vr", e.vr().name());
            Object value = e.value();
            if (value != null && !e.isEmpty()) {
                if (value instanceof byte[] b) {
                    el.put("InlineBinary", Base64.getEncoder().encodeToString(b));
                } else {
                    el.put("Value", values(e));
                }
            }
            obj.put(hex8(e.tag()), el);
        }
        return obj;
    }

    private static List<Object> values(Attributes.Element e) {
        List<Object> out = new ArrayList<>();
        Object v = e.value();
        VR vr = e.vr();
        if (v instanceof Sequence seq) {
            for (Attributes item : seq) {
                out.add(toTree(item));
            }
        } else if (v instanceof long[] l) {
            for (long x : l) {
                out.add(vr == VR.AT ? (x >>> 32 == 0 ? hex8((int) x) : String.format("%08X", x)) : new Json.Num(Long.toString(x)));
            }
        } else if (v instanceof double[] d) {
            for (double x : d) {
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    out.add(Double.toString(x));
                } else {
                    String t = vr == VR.FL ? Float.toString((float) x) : Double.toString(x);
                    out.add(new Json.Num(new BigDecimal(t).stripTrailingZeros().toString()));
                }
            }
        } else {
            for (String s : Values.splitStrings(vr, (String) v)) {
                if (s.isEmpty()) {
                    out.add(null);
                } else if (vr == VR.PN) {
                    out.add(personName(s));
                } else if (vr == VR.IS || vr == VR.DS) {
                    out.add(number(s));
                } else {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Object number(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        if (JSON_NUMBER.matcher(t).matches()) {
            return new Json.Num(t);
        }
        try {
            return new Json.Num(new BigDecimal(t).toString());
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static Map<String, Object> personName(String s) {
        PersonName pn = PersonName.parse(s);
        Map<String, Object> m = new LinkedHashMap<>();
        String[] keys = {"Alphabetic", "Ideographic", "Phonetic"};
        for (PersonName.Group g : PersonName.Group.values()) {
            String v = pn.group(g);
            if (!v.isEmpty()) {
                m.put(keys[g.ordinal()], v);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ reading

    private static Attributes fromTree(Map<?, ?> obj) {
        Attributes a = new Attributes();
        for (Map.Entry<?, ?> en : obj.entrySet()) {
            String key = (String) en.getKey();
            if (!key.matches("[0-9A-Fa-f]{8}")) {
                throw new IllegalArgumentException("DICOM JSON: bad attribute tag '" + key + "'");
            }
            int tag = (int) Long.parseLong(key, 16);
            if (!(en.getValue() instanceof Map<?, ?> el)) {
                throw new IllegalArgumentException("DICOM JSON: attribute " + key + " is not an object");
            }
            VR vr = el.get("vr") instanceof String s ? VR.valueOf(s) : Dictionary.vrOf(tag);
            Object inline = el.get("InlineBinary");
            Object value = el.get("Value");
            if (inline instanceof String b64) {
                a.setValue(tag, vr.kind() == VR.Kind.BINARY ? vr : VR.UN, Base64.getDecoder().decode(b64));
            } else if (value instanceof List<?> list) {
                readValues(a, tag, vr, list);
            } else {
                a.setNull(tag, vr);
            }
        }
        return a;
    }

    private static void readValues(Attributes a, int tag, VR vr, List<?> list) {
        switch (vr.kind()) {
            case SEQUENCE: {
                Sequence seq = a.newSequence(tag);
                for (Object o : list) {
                    seq.add(o instanceof Map<?, ?> m ? fromTree(m) : new Attributes());
                }
                return;
            }
            case INT: {
                long[] l = new long[list.size()];
                for (int i = 0; i < l.length; i++) {
                    Object o = list.get(i);
                    l[i] = vr == VR.AT ? Long.parseLong(String.valueOf(o), 16)
                            : o instanceof Json.Num n ? new BigDecimal(n.text()).longValueExact()
                            : Long.parseLong(String.valueOf(o));
                }
                a.setValue(tag, vr, l);
                return;
            }
            case FLOAT: {
                double[] d = new double[list.size()];
                for (int i = 0; i < d.length; i++) {
                    Object o = list.get(i);
                    d[i] = Double.parseDouble(o instanceof Json.Num n ? n.text() : String.valueOf(o));
                }
                a.setValue(tag, vr, d);
                return;
            }
            case BINARY:
                throw new IllegalArgumentException("DICOM JSON: " + vr + " needs InlineBinary");
            default: {
                String[] s = new String[list.size()];
                for (int i = 0; i < s.length; i++) {
                    Object o = list.get(i);
                    if (o == null) {
                        s[i] = "";
                    } else if (o instanceof Json.Num n) {
                        s[i] = n.text();
                    } else if (o instanceof Map<?, ?> pn) {
                        s[i] = personName(pn);
                    } else {
                        s[i] = String.valueOf(o);
                    }
                }
                a.setString(tag, vr, s);
            }
        }
    }

    private static String personName(Map<?, ?> m) {
        String[] groups = {str(m.get("Alphabetic")), str(m.get("Ideographic")), str(m.get("Phonetic"))};
        if (!groups[2].isEmpty()) {
            return groups[0] + "=" + groups[1] + "=" + groups[2];
        }
        if (!groups[1].isEmpty()) {
            return groups[0] + "=" + groups[1];
        }
        return groups[0];
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
