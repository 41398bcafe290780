package org.radbridge.testing;

/** Small helpers to read ACKs in tests. */
public final class Hl7Text {

    private Hl7Text() {
    }

    /** The segment starting with id ("MSA"), or null. */
    public static String segment(String msg, String id) {
        for (String s : msg.split("\r|\n")) {
            if (s.startsWith(id)) {
                return s;
            }
        }
        return null;
    }

    /** Field n of the first segment id (MSH-aware numbering), "" when absent. */
    public static String field(String msg, String id, int n) {
        String s = segment(msg, id);
        if (s == null || s.length() < 4) {
            return "";
        }
        String fs = String.valueOf(s.charAt(3));
        String[] f = s.split(java.util.regex.Pattern.quote(fs), -1);
        int idx = id.equals("MSH") ? n - 1 : n;
        if (id.equals("MSH") && n == 1) {
            return fs;
        }
        return idx < f.length ? f[idx] : "";
    }

    /** Outbound HL7 for a golden file: one segment per line (LF), MSH-10 (generated per message) masked as "*". */
    public static String maskControlId(String hl7) {
        StringBuilder sb = new StringBuilder();
        for (String seg : hl7.split("\r|\n")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.startsWith("MSH")) {
                String fs = String.valueOf(seg.charAt(3));
                String[] f = seg.split(java.util.regex.Pattern.quote(fs), -1);
                if (f.length > 9) {
                    f[9] = "*";
                }
                seg = String.join(fs, f);
            }
            sb.append(seg).append('\n');
        }
        return sb.toString();
    }
}
