package org.radbridge.dicom;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Value conversions shared by {@link Attributes}, the codecs and DICOM JSON (PS3.5 6.2, 6.4). */
public final class Values {

    private Values() {
    }

    /** True if a value object is the holder type of the VR's kind. */
    static boolean fits(VR vr, Object value) {
        return switch (vr.kind()) {
            case ASCII, TEXT -> value instanceof String;
            case INT -> value instanceof long[];
            case FLOAT -> value instanceof double[];
            case BINARY -> value instanceof byte[];
            case SEQUENCE -> value instanceof Sequence;
        };
    }

    /** Splits a string value into its values and trims insignificant spaces per VR (PS3.5 Table 6.2-1). */
    public static String[] splitStrings(VR vr, String value) {
        if (value == null || value.isEmpty()) {
            return new String[0];
        }
        String[] parts = vr.isMultiValuedString() ? value.split("\\\\", -1) : new String[] {value};
        boolean keepLeading = vr == VR.ST || vr == VR.LT || vr == VR.UT;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = trim(parts[i], keepLeading);
        }
        return parts;
    }

    static String trim(String s, boolean keepLeading) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (!keepLeading) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    static String[] toStrings(Attributes.Element e) {
        Object v = e.value();
        if (v instanceof String s) {
            return splitStrings(e.vr(), s);
        }
        if (v instanceof long[] l) {
            String[] out = new String[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = e.vr() == VR.AT ? String.format("%08X", l[i]) : Long.toString(l[i]);
            }
            return out;
        }
        if (v instanceof double[] d) {
            String[] out = new String[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = e.vr() == VR.FL ? Float.toString((float) d[i]) : Double.toString(d[i]);
            }
            return out;
        }
        return new String[0];
    }

    static long[] toLongs(Attributes.Element e) {
        Object v = e.value();
        if (v instanceof long[] l) {
            return l.clone();
        }
        if (v instanceof double[] d) {
            long[] out = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (long) d[i];
            }
            return out;
        }
        if (v instanceof String s && (e.vr() == VR.IS || e.vr() == VR.DS)) {
            List<Long> out = new ArrayList<>();
            for (String p : splitStrings(e.vr(), s)) {
                try {
                    out.add(new BigDecimal(p).longValue());
                } catch (NumberFormatException ignored) {
                    // an invalid IS/DS value has no numeric meaning; skip it
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
        return new long[0];
    }

    static double[] toDoubles(Attributes.Element e) {
        Object v = e.value();
        if (v instanceof double[] d) {
            return d.clone();
        }
        if (v instanceof long[] l) {
            double[] out = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        if (v instanceof String s && (e.vr() == VR.IS || e.vr() == VR.DS)) {
            List<Double> out = new ArrayList<>();
            for (String p : splitStrings(e.vr(), s)) {
                try {
                    out.add(Double.parseDouble(p));
                } catch (NumberFormatException ignored) {
                    // skip invalid value
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new double[0];
    }

    /** Parses strings into the holder of a numeric VR (AT values as 8 hex digits). */
    static Object parseNumbers(VR vr, String... values) {
        if (vr.kind() == VR.Kind.INT) {
            long[] l = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                l[i] = vr == VR.AT ? Long.parseLong(values[i].trim(), 16) : Long.parseLong(values[i].trim());
            }
            return l;
        }
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Double.parseDouble(values[i].trim());
        }
        return d;
    }

    /** Formats a double as a DS value of at most 16 characters (PS3.5 Table 6.2-1). */
    public static String formatDS(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("DS cannot hold " + d);
        }
        String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        if (s.length() <= 16) {
            return s;
        }
        for (int p = 15; p > 0; p--) {
            s = String.format(Locale.ROOT, "%." + p + "G", d);
            if (s.contains("E")) {
                s = s.replaceAll("\\.?0+E", "E");
            } else if (s.contains(".")) {
                s = s.replaceAll("\\.?0+$", "");
            }
            if (s.length() <= 16) {
                return s;
            }
        }
        return s;
    }

    /** Value text for logs and dumps. */
    static String toDisplayString(Attributes.Element e) {
        Object v = e.value();
        if (v == null) {
            return "(no value)";
        }
        if (v instanceof String s) {
            return "[" + s + "]";
        }
        if (v instanceof byte[] b) {
            return "(" + b.length + " bytes)";
        }
        if (v instanceof Sequence s) {
            return "(Sequence with " + s.size() + " items)";
        }
        return String.join("\\", toStrings(e));
    }

    static void dump(Attributes a, StringBuilder sb, String indent) {
        for (Attributes.Element e : a) {
            sb.append(indent).append(Dictionary.toString(e.tag()).toLowerCase(Locale.ROOT)).append(' ')
                    .append(e.vr()).append(' ').append(toDisplayString(e));
            String kw = Dictionary.keywordOf(e.tag());
            if (!kw.isEmpty()) {
                sb.append(" # ").append(kw);
            }
            sb.append('\n');
            if (e.value() instanceof Sequence s) {
                int i = 1;
                for (Attributes item : s) {
                    sb.append(indent).append("  (fffe,e000) item ").append(i++).append('\n');
                    dump(item, sb, indent + "    ");
                }
            }
        }
    }
}
