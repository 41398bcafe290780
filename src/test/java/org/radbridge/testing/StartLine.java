package org.radbridge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An engine started as a child process with every listener on port 0 says which ports it bound in its start line
 * ("RadBridge started: MLLP host:port, HTTP port"): tests read them there instead of taking a "free" port to bind later.
 */
public final class StartLine {

    private StartLine() {
    }

    /** The ports a child engine bound (its listeners configured with port 0). */
    public record BoundPorts(int mllp, int http) {
    }

    private static final java.util.regex.Pattern STARTED =
            java.util.regex.Pattern.compile("RadBridge started: MLLP [^:\\s]+:(\\d+), HTTP (\\d+)");

    /**
     * Waits for the engine's start line in {@code log} after byte {@code from} (the log is appended across restarts)
     * and returns the ports it bound: the child binds port 0, so no port is taken "free" and bound later.
     */
    public static BoundPorts await(Process p, Path log, long from, Duration timeout) throws Exception {
        BoundPorts[] found = new BoundPorts[1];
        org.radbridge.testing.Waits.until("the engine's start line in " + log, timeout, () -> {
            if (!p.isAlive()) {
                throw new AssertionError("the engine ended with " + p.exitValue() + " before it started:\n" + new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher m = STARTED.matcher(text);
            if (m.find()) {
                found[0] = new BoundPorts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            return found[0] != null;
        });
        return found[0];
    }
}
