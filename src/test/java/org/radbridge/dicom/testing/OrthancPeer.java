package org.radbridge.dicom.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Orthanc 1.10.1 (Debian package orthanc) as a test peer, as test-peers.md §2 runs it: foreground, HTTP (REST) and
 * DICOM on free ports, confined to 127.0.0.1 by the bind2lo LD_PRELOAD shim (Orthanc has no bind option),
 * TCP_NODELAY=1. Either with its Modality Worklists plugin serving a folder of .wl files (the {@code flat} export
 * layout; {@link #start(Path)}) or as a PACS that stores what storescu sends and reports StableStudy in its change
 * log after {@code stableAgeSeconds} and answers C-FIND from AE RADBRIDGE ({@link #pacs(int)}). Stopped (and its storage removed) by {@link #close()}.
 */
public final class OrthancPeer implements AutoCloseable {

    static final String BINARY = "/usr/sbin/Orthanc";
    static final String PLUGIN = "/usr/share/orthanc/plugins/libModalityWorklists.so";

    private final Process process;
    private final Path home;
    private final int dicomPort;
    private final int httpPort;

    private OrthancPeer(Process process, Path home, int dicomPort, int httpPort) {
        this.process = process;
        this.home = home;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
    }

    /** Skips the test when Orthanc (and its worklist plugin) is not installed. */
    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of(BINARY)) && Files.exists(Path.of(PLUGIN)),
                "Orthanc or its worklist plugin is not installed (apt-get install -y orthanc): skipping");
    }

    /** Starts Orthanc with AE title ORTHANC serving the .wl files of {@code worklists}. */
    public static OrthancPeer start(Path worklists) throws IOException, InterruptedException {
        return launch("""
                  "Plugins": ["%s"],
                  "Worklists": {"Enable": true, "Database": "%s", "FilterIssuerAet": false},
                """.formatted(PLUGIN, worklists.toAbsolutePath()));
    }

    /**
     * Starts Orthanc as a PACS with AE title ORTHANC: it accepts C-STORE from any AE and marks a study stable
     * (StableStudy in GET /changes) {@code stableAgeSeconds} after its last instance arrived.
     */
    public static OrthancPeer pacs(int stableAgeSeconds) throws IOException, InterruptedException {
        return launch("""
                  "StableAge": %d,
                  "DicomAlwaysAllowStore": true,
                  "DicomModalities": {"radbridge": ["RADBRIDGE", "127.0.0.1", 104]},
                  "UnknownSopClassAccepted": true,
                """.formatted(stableAgeSeconds));
    }

    /**
     * Starts Orthanc (AE title ORTHANC) as a worklist SCU with DefaultEncoding {@code encoding} (e.g. "Utf8"), knowing
     * a worklist SCP as modality "target" (AE {@code calledAe} on 127.0.0.1:{@code port}): POST
     * /modalities/target/find-worklist queries it.
     */
    public static OrthancPeer worklistScu(String calledAe, int port, String encoding) throws IOException, InterruptedException {
        return launch("""
                  "DefaultEncoding": "%s",
                  "DicomModalities": {"target": ["%s", "127.0.0.1", %d]},
                """.formatted(encoding, calledAe, port));
    }

    private static OrthancPeer launch(String extra) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("orthanc");
        int dicom = Dcmtk.freePort();
        int http = Dcmtk.freePort();
        String config = """
                {
                  "Name": "RADBRIDGE-TEST-ORTHANC",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "ORTHANC",
                  "DicomCheckCalledAet": false,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomAlwaysAllowEcho": true,
                  "DicomAlwaysAllowFindWorklist": true,
                %s
                  "HttpServerEnabled": true
                }
                """.formatted(home.resolve("db"), home.resolve("db"), http, dicom, extra);
        Path cfg = home.resolve("orthanc.json");
        Files.writeString(cfg, config, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(BINARY, cfg.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        pb.environment().put("LD_PRELOAD", Dcmtk.bind2lo().toAbsolutePath().toString());
        Process p = pb.start();
        OrthancPeer peer = new OrthancPeer(p, home, dicom, http);
        long deadline = System.currentTimeMillis() + 30_000;
        while (Dcmtk.listeningAddresses(dicom).isEmpty() || Dcmtk.listeningAddresses(http).isEmpty()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                String log = peer.log();
                peer.close();
                throw new AssertionError("Orthanc did not start on port " + dicom + ":\n" + log);
            }
            Thread.sleep(50);
        }
        List<String> addrs = new java.util.ArrayList<>(Dcmtk.listeningAddresses(dicom));
        addrs.addAll(Dcmtk.listeningAddresses(http));
        if (!addrs.stream().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"))) {
            peer.close();
            throw new AssertionError("Orthanc listens beyond loopback: " + addrs);
        }
        return peer;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Base URL of its REST API. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String log() throws IOException {
        Path l = home.resolve("orthanc.log");
        return Files.exists(l) ? Files.readString(l, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        org.radbridge.testing.TestEngine.deleteTree(home);
    }
}
