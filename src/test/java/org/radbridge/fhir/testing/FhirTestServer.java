package org.radbridge.fhir.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.radbridge.testing.Ports;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * A real HAPI FHIR JPA server (8.6.1, H2 in a file) in its own JVM, built by Maven from
 * src/test/peers/fhir-jpa-server (Spring and Hibernate never meet the engine's classpath). It listens on a free
 * 127.0.0.1 port, with the low-memory flags of ../shared/reference/test-peers.md §3 (C1 only, serial GC, 512 MB).
 * It stops when {@link #close()} closes its standard input, or when the test JVM dies. {@link #stop()} and
 * {@link #start()} restart it on the same port and database (the outage test).
 */
public final class FhirTestServer implements AutoCloseable {

    private static final Path PROJECT = ProjectPaths.project().resolve("src/test/peers/fhir-jpa-server");

    private final int port;
    private final Path dataDir;
    private final String classpath;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private OutputStream stdin;

    private FhirTestServer(int port, Path dataDir, String classpath) {
        this.port = port;
        this.dataDir = dataDir;
        this.classpath = classpath;
    }

    /** Builds the server if needed and starts it. */
    public static FhirTestServer launch() throws Exception {
        String cp = build();
        FhirTestServer s = new FhirTestServer(Ports.free(), Files.createTempDirectory("radbridge-fhir-jpa"), cp);
        s.start();
        return s;
    }

    /** mvn package + the runtime classpath, redone only when the pom or a source is newer than the last build. */
    static synchronized String build() throws Exception {
        Path cpFile = PROJECT.resolve("target/classpath.txt");
        Path jar = PROJECT.resolve("target/fhir-jpa-server-1.jar");
        if (!Files.exists(cpFile) || !Files.exists(jar) || newestSource() > Files.getLastModifiedTime(jar).toMillis()) {
            String mvnHome = System.getProperty("maven.home");
            String mvn = mvnHome != null && Files.exists(Path.of(mvnHome, "bin", "mvn")) ? Path.of(mvnHome, "bin", "mvn").toString() : "mvn";
            // offline first (the usual case: dependencies cached); online when something is missing
            if (!mvn(mvn, true, cpFile) && !mvn(mvn, false, cpFile)) {
                throw new IllegalStateException("building the FHIR test server failed: see " + PROJECT.resolve("target-build.log"));
            }
        }
        return jar + java.io.File.pathSeparator + Files.readString(cpFile).trim();
    }

    private static boolean mvn(String mvn, boolean offline, Path cpFile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q", "-f", PROJECT.resolve("pom.xml").toString(),
                "package", "dependency:build-classpath", "-Dmdep.outputFile=" + cpFile));
        if (offline) {
            cmd.add(1, "-o");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(PROJECT.resolve("target-build.log").toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static long newestSource() throws IOException {
        long newest = Files.getLastModifiedTime(PROJECT.resolve("pom.xml")).toMillis();
        try (Stream<Path> s = Files.walk(PROJECT.resolve("src"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
            }
        }
        return newest;
    }

    /** Starts the JVM and waits until it answers /metadata (up to 4 minutes on a busy machine). */
    public synchronized void start() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "org.radbridge.testpeer.JpaFhirServer",
                String.valueOf(port), dataDir.resolve("fhir").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
                .start();
        stdin = process.getOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("FHIR test server exited: " + tail());
            }
            try {
                if (get("metadata?_summary=true").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("FHIR test server did not start in time: " + tail());
    }

    private String tail() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(dataDir.resolve("server.log")),
                StandardCharsets.UTF_8))) {
            List<String> lines = r.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the JVM (stdin closed; killed after 30 s), keeping the database for a restart. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        TestEngine.deleteTree(dataDir);
    }

    public int port() {
        return port;
    }

    /** The FHIR base URL: http://127.0.0.1:port/fhir. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    public HttpResponse<String> get(String relative) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + relative.replace("|", "%7C"))).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String relative, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + (relative.isEmpty() ? "" : "/" + relative)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
