package org.radbridge.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `radbridge health`: asks a running engine's GET /health (or /health/live, /health/ready) on the configured
 * HTTP port and exits 0 when it answers 200 (UP), 1 otherwise (503, no answer, timeout). The container image's
 * HEALTHCHECK runs it, so the image needs neither a shell nor curl. Prints the status line on stdout.
 */
@Command(name = "health", description = "Check a running engine: exit 0 when GET /health answers UP, 1 otherwise.")
final class HealthCommand implements Callable<Integer> {

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG): radbridge.http.port, radbridge.bind-host")
    Path config;

    @Option(names = "--url", description = "full URL to ask instead (default http://<bind-host or 127.0.0.1>:<radbridge.http.port>/health)")
    String url;

    @Option(names = "--probe", description = "health (default), live or ready")
    String probe = "health";

    @Option(names = "--timeout-seconds", description = "give up after this long (default 5)")
    int timeoutSeconds = 5;

    @Override
    public Integer call() {
        String target;
        try {
            target = url != null ? url : defaultUrl(Settings.load(config, System.getenv(), System.getProperties()), probe);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(timeoutSeconds)).GET().build(), HttpResponse.BodyHandlers.ofString());
            boolean up = r.statusCode() == 200;
            System.out.println((up ? "UP " : "DOWN ") + r.statusCode() + " " + target);
            if (!up) {
                System.err.println(r.body());
            }
            return up ? 0 : 1;
        } catch (IOException e) {
            System.out.println("DOWN no answer " + target);
            System.err.println(e.toString());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Where the engine of these settings answers: its bind host (127.0.0.1 for a wildcard) and HTTP port. */
    static String defaultUrl(Settings s, String probe) {
        String path = switch (probe) {
            case "health" -> "/health";
            case "live" -> "/health/live";
            case "ready" -> "/health/ready";
            default -> throw new IllegalArgumentException("--probe must be health, live or ready, not " + probe);
        };
        String host = s.get("radbridge.bind-host", "127.0.0.1");
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("*")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = s.getInt("radbridge.http.port", 1, 65535);
        return "http://" + host + ":" + port + path;
    }
}
