package org.radbridge.cli;

import java.util.ArrayList;
import java.util.List;

/** A readable line diff (longest common subsequence): "-" expected, "+" produced, 2 lines of context, "..." between hunks. */
public final class TextDiff {

    private TextDiff() {
    }

    public static String of(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add("  " + a[i]);
                i++;
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a[i++]);
            } else {
                out.add("+ " + b[j++]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int last = -10;
        for (int k = 0; k < out.size(); k++) {
            boolean near = false;
            for (int d = -2; d <= 2; d++) {
                int x = k + d;
                if (x >= 0 && x < out.size() && !out.get(x).startsWith("  ")) {
                    near = true;
                }
            }
            if (near) {
                if (k > last + 1) {
                    if (last >= 0) {
                        sb.append("  ...\n");
                    }
                    String where = where(out, k + 2);
                    if (where != null) {
                        sb.append("@@ ").append(where).append('\n');
                    }
                }
                sb.append(out.get(k)).append('\n');
                last = k;
            }
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("^..\\s*\"([0-9A-Fa-f]{8})\"\\s*:\\s*\\{");
    private static final java.util.regex.Pattern RESOURCE = java.util.regex.Pattern.compile("^..\\s*\"resourceType\"\\s*:\\s*\"(\\w+)\"");

    /**
     * Where a hunk is, for JSON golden files: the DICOM attribute (keyword and tag) whose value changed in DICOM JSON
     * (PS3.18 F.2), and the FHIR resource type, found by looking back from the first changed line.
     */
    static String where(List<String> lines, int k) {
        String tag = null;
        String resource = null;
        for (int x = Math.min(k, lines.size() - 1); x >= 0 && (tag == null || resource == null); x--) {
            String l = lines.get(x);
            java.util.regex.Matcher m;
            if (tag == null && (m = TAG.matcher(l)).find()) {
                tag = m.group(1);
            }
            if (resource == null && (m = RESOURCE.matcher(l)).find()) {
                resource = m.group(1);
            }
        }
        if (tag != null) {
            return "DICOM attribute " + org.radbridge.explain.ReportDiff.attributeName(tag.toUpperCase(java.util.Locale.ROOT));
        }
        return resource == null ? null : "in FHIR resource " + resource;
    }

    /** LF line ends and one final newline. */
    static String normalize(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        return t.endsWith("\n") ? t : t + "\n";
    }
}
