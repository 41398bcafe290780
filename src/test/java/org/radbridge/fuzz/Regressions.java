package org.radbridge.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.radbridge.testing.ProjectPaths;

/**
 * Crash inputs: a failing input is written to target/fuzz-failures/&lt;target&gt;/&lt;sha1&gt;.bin (the last,
 * usually the most shrunk, also as last.bin); to keep one, copy it to
 * src/test/resources/fuzz/regressions/&lt;target&gt;/ where {@link FuzzRegressionsTest} replays it.
 */
public final class Regressions {

    private Regressions() {
    }

    public static Path dir(String target) {
        return ProjectPaths.project().resolve("src/test/resources/fuzz/regressions").resolve(target);
    }

    /** Saves a failing input and returns where. Never throws. */
    public static Path save(String target, byte[] input) {
        Path dir = ProjectPaths.project().resolve("target/fuzz-failures").resolve(target);
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve(sha1(input) + ".bin");
            Files.write(p, input);
            Files.write(dir.resolve("last.bin"), input);
            return p;
        } catch (IOException e) {
            return dir;
        }
    }

    public static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
