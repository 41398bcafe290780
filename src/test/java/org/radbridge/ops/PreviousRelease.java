package org.radbridge.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.radbridge.testing.ProjectPaths;

/**
 * The previous release built from git for the rolling-upgrade test: the commit named in
 * src/test/resources/upgrade/previous-release.txt (bump it at each release) is exported with {@code git archive} into
 * target/previous-release/COMMIT/ and packaged there with {@code mvn -B -o -q package -Dmaven.test.skip=true}; the
 * result is reused while it exists. Fails (never skips) when git, mvn or the commit is missing.
 */
final class PreviousRelease {

    private PreviousRelease() {
    }

    static String commit() throws IOException {
        return Files.readString(ProjectPaths.project().resolve("src/test/resources/upgrade/previous-release.txt")).strip();
    }

    /** The folder of the built previous release (target/radbridge.jar, routes/, mappings/). */
    static synchronized Path build() throws Exception {
        String commit = commit();
        Path project = ProjectPaths.project();
        Path dir = project.resolve("target/previous-release/" + commit);
        if (Files.isRegularFile(dir.resolve("target/radbridge.jar")) && Files.isDirectory(dir.resolve("target/lib"))) {
            return dir;
        }
        org.radbridge.testing.TestEngine.deleteTree(dir);
        Files.createDirectories(dir);
        Path tar = dir.resolveSibling(commit + ".tar");
        run(project, List.of("git", "archive", "--format=tar", "-o", tar.toString(), commit), 120);
        run(dir, List.of("tar", "-xf", tar.toString()), 120);
        Files.delete(tar);
        try {
            run(dir, List.of("mvn", "-B", "-o", "-q", "package", "-Dmaven.test.skip=true"), 600);
        } catch (IllegalStateException offline) {
            // a dependency only the previous release uses is not in the local repository yet: fetch it
            run(dir, List.of("mvn", "-B", "-q", "package", "-Dmaven.test.skip=true"), 900);
        }
        if (!Files.isRegularFile(dir.resolve("target/radbridge.jar"))) {
            throw new IllegalStateException("the previous release " + commit + " built no target/radbridge.jar");
        }
        return dir;
    }

    private static void run(Path dir, List<String> cmd, long seconds) throws Exception {
        Path log = Files.createTempFile("previous-release", ".log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + " is needed to build the previous release: " + e.getMessage(), e);
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + seconds + " s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                    + out.substring(Math.max(0, out.length() - 4000)));
        }
    }
}
