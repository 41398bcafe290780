package org.radbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.radbridge.app.RadBridgeApp;
import org.radbridge.settings.Settings;
import org.radbridge.mllp.MllpClient;

/**
 * The real engine (Camel Main, YAML routes from routes/, mappings/ from the project) started for a test
 * on free 127.0.0.1 ports with a temporary data directory, and stopped with everything it started.
 * Admin token: {@link #ADMIN_TOKEN}.
 */
public final class TestEngine implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final RadBridgeApp app;
    private final Path dataDir;
    private final boolean ownDataDir;
    private final int mllpPort;
    private final int dicomPort;
    private final Settings settings;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestEngine(RadBridgeApp app, Path dataDir, boolean ownDataDir, int mllpPort, int dicomPort, Settings s) {
        this.app = app;
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        this.mllpPort = mllpPort;
        this.dicomPort = dicomPort;
        this.settings = s;
    }

    public static TestEngine start() throws Exception {
        return start(Map.of());
    }

    /** Starts with these properties over the test defaults (radbridge.data-dir may be given to restart on the same data). */
    public static TestEngine start(Map<String, String> overrides) throws Exception {
        return startOnce(overrides);
    }

    private static TestEngine startOnce(Map<String, String> overrides) throws Exception {
        Map<String, String> p = new HashMap<>();
        boolean own = !overrides.containsKey("radbridge.data-dir");
        Path data = own ? Files.createTempDirectory("radbridge-test") : Path.of(overrides.get("radbridge.data-dir"));
        p.put("radbridge.data-dir", data.toString());
        p.put("radbridge.mllp.port", "0"); // the listeners bind port 0; the bound ports are read back below
        p.put("radbridge.http.port", "0");
        p.put("radbridge.dicom.port", "0");
        p.put("radbridge.admin.token", ADMIN_TOKEN);
        p.put("radbridge.audit.key", "test-audit-key");
        p.put("radbridge.routes.dir", ProjectPaths.project().resolve("routes").toString());
        p.put("radbridge.mappings.dir", ProjectPaths.project().resolve("mappings").toString());
        p.put("radbridge.outbox.poll-ms", "200");
        p.put("radbridge.db.sqlite-synchronous", "NORMAL");
        p.putAll(overrides);
        Settings s = Settings.of(p);
        RadBridgeApp app = RadBridgeApp.start(s);
        return new TestEngine(app, data, own, app.mllpPort(), app.dicomPort(), s);
    }

    public RadBridgeApp app() {
        return app;
    }

    public Settings settings() {
        return settings;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int mllpPort() {
        return mllpPort;
    }

    public int dicomPort() {
        return dicomPort;
    }

    /** The bound MLLP/TLS port (radbridge.mllp.tls.port=0 binds a free one), or -1 without that listener. */
    public int mllpTlsPort() {
        return app.mllpTlsPort();
    }

    /** The bound DICOM/TLS port (radbridge.dicom.tls.port=0 binds a free one), or -1 without that listener. */
    public int dicomTlsPort() {
        return app.dicomTlsPort();
    }

    public int httpPort() {
        return app.httpPort();
    }

    /** Sends one message on a new connection and returns the ACK text. */
    public String send(String hl7) throws IOException {
        return send(hl7.getBytes(StandardCharsets.UTF_8));
    }

    public String send(byte[] hl7) throws IOException {
        try (MllpClient c = new MllpClient("127.0.0.1", mllpPort, 5000, 30000, null)) {
            byte[] ack = c.exchange(hl7);
            return ack == null ? null : new String(ack, StandardCharsets.UTF_8);
        }
    }

    public MllpClient client() throws IOException {
        return new MllpClient("127.0.0.1", mllpPort, 5000, 30000, null);
    }

    /** GET with the admin token; returns status and body. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return request("POST", path, body, ADMIN_TOKEN);
    }

    public HttpResponse<String> request(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the engine but keeps the data directory (to restart on it). */
    public void stop() {
        app.close();
    }

    @Override
    public void close() {
        app.close();
        if (ownDataDir) {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
