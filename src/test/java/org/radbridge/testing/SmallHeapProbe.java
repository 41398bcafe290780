package org.radbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a child JVM with a 160 MB heap that exits at its first OutOfMemoryError, and
 * returns what it printed once it ended with exit code 0 and no OutOfMemoryError: the memory-budget tests use it
 * to show that peers cannot exhaust the engine's heap.
 */
public final class SmallHeapProbe {

    private SmallHeapProbe() {
    }

    /** The probe's output (stdout and stderr); fails the test if it did not end in time, ran out of heap or failed. */
    public static String run(Class<?> probe, Path log, int timeoutSeconds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx160m", "-XX:+ExitOnOutOfMemoryError",
                "-Dradbridge.project.dir=" + ProjectPaths.project(), "-cp", System.getProperty("java.class.path"),
                probe.getName()))
                .directory(ProjectPaths.project().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        String tail = tail(out);
        assertTrue(ended, "the probe did not end within " + timeoutSeconds + " s: " + tail);
        assertFalse(out.contains("OutOfMemoryError"), tail);
        assertEquals(0, p.exitValue(), "probe exit code (3 = OutOfMemoryError): " + tail);
        return out;
    }

    /** The last 4,000 characters, for assertion messages. */
    public static String tail(String out) {
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }
}
