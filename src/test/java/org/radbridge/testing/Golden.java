package org.radbridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** A line diff, "-" expected, "+" actual, with 2 lines of context: the one of `replay --expect` (cli.TextDiff). */
    public static String diff(String expected, String actual) {
        return org.radbridge.cli.TextDiff.of(expected, actual);
    }
}
