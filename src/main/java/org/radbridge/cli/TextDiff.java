package org.radbridge.cli;

import java.util.ArrayList;
import java.util.List;

/** A readable line diff (longest common subsequence): "-" expected, "+" produced, 2 lines of context, "..." between hunks. */
final class TextDiff {

    private TextDiff() {
    }

    static String of(String expected, String actual) {
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
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b[j++]);
            } else {
                out.add("- " + a[i++]);
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
                if (last >= 0 && k > last + 1) {
                    sb.append("  ...\n");
                }
                sb.append(out.get(k)).append('\n');
                last = k;
            }
        }
        return sb.toString();
    }

    /** LF line ends and one final newline. */
    static String normalize(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        return t.endsWith("\n") ? t : t + "\n";
    }
}
