package org.radbridge.worklist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.radbridge.dicom.testing.Dcmtk;

/**
 * Orthanc 1.10.1 (Debian package orthanc) with its Modality Worklists plugin serving a folder of .wl files
 * (the {@code flat} export layout), as test-peers.md §2 runs it: foreground, HTTP and DICOM on free ports,
 * confined to 127.0.0.1 by the bind2lo LD_PRELOAD shim (Orthanc has no bind option), TCP_NODELAY=1.
 * Stopped (and its storage removed) by {@link #close()}.
 */
final class OrthancPeer implements AutoCloseable {

    static final String BINARY = "/usr/sbin/Orthanc";
    static final String PLUGIN = "/usr/share/orthanc/plugins/libModalityWorklists.so";

    private final Process process;
    private final Path home;
    private final int dicomPort;

    private OrthancPeer(Process process, Path home, int dicomPort) {
        this.process = process;
        this.home = home;
        this.dicomPort = dicomPort;
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of(BINARY)) && Files.exists(Path.of(PLUGIN)),
                "Orthanc or its worklist plugin is not installed (apt-get install -y orthanc): skipping");
    }

    /** Starts Orthanc with AE title ORTHANC serving the .wl files of {@code worklists}. */
    static OrthancPeer start(Path worklists) throws IOException, InterruptedException {
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
                  "HttpServerEnabled": true,
                  "Plugins": ["%s"],
                  "Worklists": {"Enable": true, "Database": "%s", "FilterIssuerAet": false}
                }
                """.formatted(home.resolve("db"), home.resolve("db"), http, dicom, PLUGIN, worklists.toAbsolutePath());
        Path cfg = home.resolve("orthanc.json");
        Files.writeString(cfg, config, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(BINARY, cfg.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        pb.environment().put("LD_PRELOAD", Dcmtk.bind2lo().toAbsolutePath().toString());
        Process p = pb.start();
        OrthancPeer peer = new OrthancPeer(p, home, dicom);
        long deadline = System.currentTimeMillis() + 30_000;
        while (Dcmtk.listeningAddresses(dicom).isEmpty()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                String log = peer.log();
                peer.close();
                throw new AssertionError("Orthanc did not start on port " + dicom + ":\n" + log);
            }
            Thread.sleep(50);
        }
        List<String> addrs = Dcmtk.listeningAddresses(dicom);
        if (!addrs.stream().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"))) {
            peer.close();
            throw new AssertionError("Orthanc listens beyond loopback: " + addrs);
        }
        return peer;
    }

    int dicomPort() {
        return dicomPort;
    }

    String log() throws IOException {
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
