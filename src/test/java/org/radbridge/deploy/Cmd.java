package org.radbridge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command (podman, the docker/ scripts, findscu) with a timeout; stdout and stderr captured apart. */
final class Cmd {

    record Result(int exit, String out, String err, List<String> command) {

        Result ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + "\nstdout:\n" + tail(out)
                        + "\nstderr:\n" + tail(err));
            }
            return this;
        }

        /** The last non-empty line of stdout (the docker/ scripts print their result there). */
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private Cmd() {
    }

    static Result run(Duration timeout, Map<String, String> env, Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cmd", ".out");
        Path err = Files.createTempFile("cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(command.get(0) + " cannot be run (is it installed? CI installs it through .ci/run): " + e.getMessage(), e);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\nstderr:\n"
                        + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), command);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, Map.of(), null, List.of(command));
    }

    static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
