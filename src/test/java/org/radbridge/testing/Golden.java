package org.radbridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden files: compares produced text with a file under test-messages/<scenario>/expected/; with
 * -Dgolden.update=true (or GOLDEN_UPDATE=true) the file is (re)written instead. A mismatch fails with a
 * unified-style diff.
 */
public final class Golden {

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update") || "true".equalsIgnoreCase(System.getenv("GOLDEN_UPDATE"));
    }

    public static void assertMatches(Path expectedFile, String actual) {
        String act = normalize(actual);
        try {
            if (updating() || !Files.exists(expectedFile)) {
                if (!updating() && !Files.exists(expectedFile)) {
                    Files.createDirectories(expectedFile.getParent());
                    Files.writeString(expectedFile, act, StandardCharsets.UTF_8);
                    fail("golden file " + expectedFile + " did not exist: written, check it and run again");
                }
                Files.createDirectories(expectedFile.getParent());
                Files.writeString(expectedFile, act, StandardCharsets.UTF_8);
                return;
            }
            String exp = normalize(Files.readString(expectedFile, StandardCharsets.UTF_8));
            if (!exp.equals(act)) {
                fail("output differs from " + expectedFile + " (run with -Dgolden.update=true to accept):\n" + diff(exp, act));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalize(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        return t.endsWith("\n") ? t : t + "\n";
    }

    /** A line diff (longest common subsequence), "-" expected, "+" actual, with 2 lines of context. */
    public static String diff(String expected, String actual) {
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
        for (int k = 0; k < out.size(); k++) {
            boolean near = false;
            for (int d = -2; d <= 2; d++) {
                int x = k + d;
                if (x >= 0 && x < out.size() && !out.get(x).startsWith("  ")) {
                    near = true;
                }
            }
            if (near) {
                sb.append(out.get(k)).append('\n');
            }
        }
        return sb.toString();
    }
}
