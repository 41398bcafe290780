package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.testing.Ports;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * The container image, built and run here (docs/deploy.md): docker/test-base.sh makes the Debian base (no registry
 * needed), docker/build-image.sh builds localhost/radbridge FROM it, podman runs it the way the docs say
 * (runc, host network, explicit ulimits, read-only root filesystem, data on a named volume); then test-messages/ are
 * replayed against it, the worklist is queried with DCMTK findscu, its HEALTHCHECK passes (podman healthcheck run),
 * and `podman stop` (SIGTERM) while four clients send ends it with exit status 0 within the grace period; after a
 * restart on the same volume every order answered AA is in the journal exactly once. Fails (does not skip) when
 * podman, debootstrap or findscu is missing: CI installs them (.ci/run). Runs after `package` (failsafe).
 */
@Timeout(1800)
class ContainerImageIT {

    static final int GRACE_SECONDS = 10;
    static final Duration BUILD = Duration.ofMinutes(20);
    static final Duration SHORT = Duration.ofMinutes(2);

    @Test
    void imageBuildsRunsServesAndStopsGracefully() throws Exception {
        Path project = ProjectPaths.project();
        Path jar = EngineProcess.jar();
        Cmd.run(SHORT, "podman", "--version").ok();

        String base = Cmd.run(BUILD, Map.of(), project, List.of(project.resolve("docker/test-base.sh").toString())).ok().lastLine();
        Cmd.Result built = Cmd.run(BUILD, Map.of("RADBRIDGE_BASE_IMAGE", base, "RADBRIDGE_SKIP_PACKAGE", "1",
                "CONTAINER_ENGINE", "podman"), project, List.of(project.resolve("docker/build-image.sh").toString())).ok();
        String image = built.lastLine();
        assertTrue(image.startsWith("localhost/radbridge:"), image);
        String version = image.substring(image.indexOf(':') + 1);
        checkImage(image, version, project);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String volume = "radbridge-it-" + suffix;
        String name = "radbridge-it-" + suffix;
        Path work = Files.createTempDirectory("radbridge-container");
        try {
            Cmd.run(SHORT, "podman", "volume", "create", volume).ok();
            // a port found free may be taken by another process before the container binds it: then again with others
            HostPorts ports = null;
            for (int attempt = 1; ports == null; attempt++) {
                HostPorts p = new HostPorts(Ports.free(), Ports.free(), Ports.free());
                Cmd.run(SHORT, Map.of(), null, runCommand(name, volume, image, p)).ok();
                if (awaitReady(name, p.ready(), attempt < 3)) {
                    ports = p;
                } else {
                    Cmd.run(SHORT, "podman", "rm", "-f", "-t", "0", name).ok();
                }
            }
            int mllp = ports.mllp();
            int http = ports.http();
            int dicom = ports.dicom();
            String ready = ports.ready();
            Cmd.Result top = Cmd.run(SHORT, "podman", "top", name, "pid", "user", "args").ok();
            assertTrue(Pattern.compile("(?m)^\\s*1\\s+\\S+\\s+java ").matcher(top.out()).find(), "java is PID 1:\n" + top.out());

            Cmd.Result replay = Cmd.run(Duration.ofMinutes(5), Map.of(), project, List.of(Path.of(System.getProperty("java.home"),
                    "bin", "java").toString(), "-jar", jar.toString(), "replay", project.resolve("test-messages").toString(),
                    "--to", "127.0.0.1:" + mllp)).ok();
            System.out.println("replay against the container: " + replay.out().strip());
            int worklist = findscu(work.resolve("q1"), dicom);
            assertTrue(worklist > 0, "findscu found no worklist item after the replay");

            Cmd.Result health = Cmd.run(SHORT, "podman", "healthcheck", "run", name);
            assertEquals(0, health.exit(), "HEALTHCHECK: " + health.out() + health.err());

            Set<String> acked;
            try (StopLoad load = new StopLoad("127.0.0.1", mllp, "CT").start(4)) {
                load.awaitAcked(30, Duration.ofSeconds(120));
                long t0 = System.nanoTime();
                Cmd.Result stop = Cmd.run(SHORT, "podman", "stop", "-t", String.valueOf(GRACE_SECONDS + 20), name);
                long stopMillis = (System.nanoTime() - t0) / 1_000_000;
                load.close();
                acked = load.acked();
                stop.ok();
                String exit = Cmd.run(SHORT, "podman", "inspect", "--format", "{{.State.ExitCode}}", name).ok().out().strip();
                String logs = Cmd.run(SHORT, "podman", "logs", name).err();
                System.out.println("podman stop while sending: " + load + "; exit " + exit + " after " + stopMillis + " ms");
                assertEquals("0", exit, "exit status after SIGTERM:\n" + Cmd.tail(logs));
                Matcher done = Pattern.compile("Graceful stop done in (\\d+) ms").matcher(logs);
                assertTrue(done.find(), "no graceful stop in the log:\n" + Cmd.tail(logs));
                assertTrue(Long.parseLong(done.group(1)) <= GRACE_SECONDS * 1000L, done.group());
                assertTrue(stopMillis < (GRACE_SECONDS + 20) * 1000L, "podman stop had to kill it: " + stopMillis + " ms");
            }

            Cmd.run(SHORT, "podman", "start", name).ok();
            awaitReady(name, ready, false);
            StopLoad.assertJournaledOnce(acked, http, TestEngine.ADMIN_TOKEN);
            assertTrue(findscu(work.resolve("q2"), dicom) >= worklist, "the worklist is on the volume after the restart");
            Cmd.run(SHORT, "podman", "stop", "-t", String.valueOf(GRACE_SECONDS + 20), name).ok();
        } finally {
            Cmd.run(SHORT, "podman", "rm", "-f", "-t", "0", name);
            Cmd.run(SHORT, "podman", "volume", "rm", "-f", volume);
            TestEngine.deleteTree(work);
        }
    }

    /** Labels, user, health check and SBOM of the built image. */
    private static void checkImage(String image, String version, Path project) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode inspect = json.readTree(Cmd.run(SHORT, "podman", "image", "inspect", image).ok().out()).get(0);
        JsonNode cfg = inspect.path("Config");
        JsonNode labels = cfg.path("Labels");
        assertEquals(version, labels.path("org.opencontainers.image.version").asText(), labels.toString());
        assertFalse(labels.path("org.opencontainers.image.revision").asText().isBlank(), labels.toString());
        assertFalse(labels.path("org.opencontainers.image.licenses").asText().isBlank(), labels.toString());
        assertEquals("10001:0", cfg.path("User").asText(), "non-root user");
        JsonNode hc = inspect.has("Healthcheck") ? inspect.path("Healthcheck") : cfg.path("Healthcheck"); // podman : docker
        assertTrue(hc.path("Test").toString().contains("\"health\""), "HEALTHCHECK: " + hc);
        assertTrue(cfg.path("Env").toString().contains("RADBRIDGE_BIND_HOST=0.0.0.0"), cfg.path("Env").toString());
        assertTrue(cfg.path("Env").toString().contains("RADBRIDGE_PEERS_ENFORCE=true"), cfg.path("Env").toString());
        Path sbom = project.resolve("target/radbridge-image-" + version + ".cdx.json");
        JsonNode bom = json.readTree(sbom.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertTrue(bom.path("components").size() > 10, "SBOM components: " + bom.path("components").size());
    }

    record HostPorts(int mllp, int http, int dicom) {
        String ready() {
            return "http://127.0.0.1:" + http + "/health/ready";
        }
    }

    /** podman run as docs/deploy.md says, on these host ports (set by environment variables). */
    static List<String> runCommand(String name, String volume, String image, HostPorts p) {
        return List.of("podman", "--runtime", "runc", "run", "-d", "--name", name,
                "--network=host", "--ulimit", "nofile=16384:16384", "--ulimit", "nproc=4096:4096", "--read-only",
                "-v", volume + ":/data",
                "-e", "RADBRIDGE_MLLP_PORT=" + p.mllp(), "-e", "RADBRIDGE_HTTP_PORT=" + p.http(), "-e", "RADBRIDGE_DICOM_PORT=" + p.dicom(),
                "-e", "RADBRIDGE_ADMIN_TOKEN=" + TestEngine.ADMIN_TOKEN, "-e", "RADBRIDGE_AUDIT_KEY=container-test-audit-key",
                "-e", "RADBRIDGE_SHUTDOWN_GRACE_SECONDS=" + GRACE_SECONDS, "-e", "JAVA_TOOL_OPTIONS=-Xmx512m", image);
    }

    /**
     * Polls /health/ready until 200 while the container runs; false when it ended because a port was taken and
     * {@code bindRetry} allows another try, else an AssertionError with the container's log.
     */
    private static boolean awaitReady(String name, String url, boolean bindRetry) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!"true".equals(Cmd.run(SHORT, "podman", "inspect", "--format", "{{.State.Running}}", name).ok().out().strip())) {
                String log = Cmd.run(SHORT, "podman", "logs", name).err();
                if (bindRetry && log.contains("Address already in use")) {
                    return false;
                }
                throw new AssertionError("the container ended before it was ready:\n" + Cmd.tail(log));
            }
            Thread.sleep(500); // poll interval: the container also has to be checked for dying, deadline above
        }
        throw new AssertionError(url + " not ready within 3 minutes; container log:\n" + Cmd.tail(Cmd.run(SHORT, "podman", "logs", name).err()));
    }

    /** findscu -W (DCMTK) as modality CT01; the number of worklist responses. */
    private static int findscu(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Cmd.run(SHORT, Map.of(), dir, List.of("findscu", "-W", "-X", "-aet", "CT01", "-aec", "RADBRIDGE",
                "-k", "0008,0050", "-k", "0010,0020", "-k", "0040,0100[0].0008,0060", "127.0.0.1", String.valueOf(port))).ok();
        try (var s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().matches("rsp\\d+\\.dcm")).count();
        }
    }
}
