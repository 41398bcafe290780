package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.radbridge.testing.ProjectPaths;

/** `java -jar target/radbridge.jar run` as a child process (configured by environment variables), for the deploy tests. */
final class EngineProcess {

    private EngineProcess() {
    }

    /** The packaged jar (failsafe runs after `package`); fails with how to build it when it is missing. */
    static Path jar() {
        Path jar = ProjectPaths.project().resolve("target/radbridge.jar");
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(jar.resolveSibling("lib")),
                jar + " is missing: run the deploy tests with `mvn -B verify` (they run after package)");
        return jar;
    }

    static Process start(Path workDir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar().toString(), "run").directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The ports a child engine bound, from its start line (testing.StartLine). */
    static org.radbridge.testing.StartLine.BoundPorts awaitStarted(Process p, Path log, long from, Duration timeout) throws Exception {
        return org.radbridge.testing.StartLine.await(p, log, from, timeout);
    }

    /** Polls GET url until it answers 200 (or the process ends, or the timeout passes). */
    static void awaitReady(String url, Process p, Duration timeout, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (p != null && !p.isAlive()) {
                throw new AssertionError("the engine ended with " + p.exitValue() + " before it was ready:\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250); // poll interval: a child process becoming ready, deadline above
        }
        throw new AssertionError(url + " not ready within " + timeout + ":\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
