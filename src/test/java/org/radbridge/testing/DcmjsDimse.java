package org.radbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * dcmjs-dimse (npm 0.3.3), an independent DICOM implementation, as a test peer: {@link #scu} runs a list of
 * DIMSE requests over one association (a modality's MPPS, a PACS's IAN) and {@link Scp} is a PACS that
 * records what it receives (the PPS Manager's forwards). The scripts live in src/test/node/; node_modules is
 * installed there by .ci/run (`npm ci`), or here on first use.
 */
public final class DcmjsDimse {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean installed;

    private DcmjsDimse() {
    }

    public static Path nodeDir() {
        return ProjectPaths.project().resolve("src/test/node");
    }

    /** Installs node_modules from package-lock.json when missing. */
    public static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (installed || Files.isDirectory(nodeDir().resolve("node_modules/dcmjs-dimse"))) {
            installed = true;
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(nodeDir().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("npm ci in " + nodeDir() + " failed");
        }
        installed = true;
    }

    /**
     * Sends the steps (each a map: op echo|ncreate|nset|neventreport, sopClass, sopInstance, dataset as dcmjs
     * naturalized keywords) over one association and returns one JSON node per response (step, op, status,
     * dataset), or an {error} node when the association failed.
     */
    public static List<JsonNode> scu(String host, int port, String callingAe, String calledAe,
            List<Map<String, Object>> steps) throws Exception {
        ensureInstalled();
        Path file = Files.createTempFile("dimse-steps", ".json");
        try {
            JSON.writeValue(file.toFile(), steps);
            Process p = new ProcessBuilder("node", "dimse-scu.js", host, Integer.toString(port), callingAe, calledAe,
                    file.toString()).directory(nodeDir().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<JsonNode> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dimse-scu.js did not finish");
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Starts an SCP on a free loopback port that answers every request with {@code status}. */
    public static Scp scp(String aeTitle, int status) throws Exception {
        return scp(aeTitle, status, 0);
    }

    /**
     * Starts an SCP on a given loopback port (0: a free one), e.g. again on the port of one that was stopped, to
     * model a peer that is down for a while.
     */
    public static Scp scp(String aeTitle, int status, int port) throws Exception {
        ensureInstalled();
        Process p = new ProcessBuilder("node", "dimse-scp.js", Integer.toString(port), aeTitle, Integer.toString(status))
                .directory(nodeDir().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Scp(p, aeTitle);
    }

    /** A running dcmjs-dimse SCP; {@link #received} are its requests in arrival order. */
    public static final class Scp implements AutoCloseable {
        private final Process process;
        private final String aeTitle;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final int port;

        Scp(Process process, String aeTitle) throws Exception {
            this.process = process;
            this.aeTitle = aeTitle;
            Thread reader = new Thread(this::read, "dcmjs-scp-" + aeTitle);
            reader.setDaemon(true);
            reader.start();
            String first = lines.poll(30, TimeUnit.SECONDS);
            if (first == null || !first.startsWith("LISTENING ")) {
                close();
                throw new IllegalStateException("dimse-scp.js did not start: " + first);
            }
            this.port = Integer.parseInt(first.substring("LISTENING ".length()).trim());
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        received.add(JSON.readTree(line));
                    } else if (line.startsWith("LISTENING ")) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        public int port() {
            return port;
        }

        public String aeTitle() {
            return aeTitle;
        }

        public List<JsonNode> received() {
            return List.copyOf(received);
        }

        /** Waits until at least n requests arrived; returns them. */
        public List<JsonNode> await(int n, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (received.size() < n && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            return received();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
