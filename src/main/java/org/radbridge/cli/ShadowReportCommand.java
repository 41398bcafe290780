package org.radbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `radbridge shadow-report [MESSAGE_ID]` (docs/site-adaptation.md, "Shadow run"): the shadow run's reports of a running
 * engine, read from its API (GET /api/shadow, GET /api/shadow/{messageId}; role phi-read): without an id one line per
 * message with the fields that changed, with an id each changed field with its live and shadow value. --json prints
 * the API's JSON. The token comes from RADBRIDGE_API_TOKEN or --token-file (never the command line).
 */
@Command(name = "shadow-report", description = "Print the shadow run's reports (changed fields per message) from a running engine.")
final class ShadowReportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MESSAGE_ID", description = "journal id of one message: its full report")
    Long messageId;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the engine's HTTP base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token-file", description = "file holding the bearer token (else the environment variable RADBRIDGE_API_TOKEN)")
    Path tokenFile;

    @Option(names = "--all", description = "list every shadowed message, also those without a difference")
    boolean all;

    @Option(names = "--limit", defaultValue = "100", description = "messages listed at most (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String token = tokenFile != null ? Files.readString(tokenFile).strip() : System.getenv("RADBRIDGE_API_TOKEN");
            if (token == null || token.isBlank()) {
                err.println("no token: set RADBRIDGE_API_TOKEN or --token-file (a principal with role phi-read)");
                err.flush();
                return 2;
            }
            String path = messageId != null ? "/api/shadow/" + messageId : "/api/shadow?limit=" + limit + (all ? "" : "&changed=true");
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println("GET " + path + ": " + r.statusCode() + " " + r.body());
                err.flush();
                return r.statusCode() == 404 ? 3 : 1;
            }
            JsonNode n = JSON.readTree(r.body());
            if (json) {
                out.println(n.toPrettyString());
            } else if (messageId != null) {
                printReport(out, n);
            } else {
                printList(out, n);
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            err.println("shadow-report: " + e);
            err.flush();
            return 1;
        }
    }

    static void printList(PrintWriter out, JsonNode n) {
        if (!n.path("enabled").asBoolean()) {
            out.println("shadow run off (radbridge.mappings.shadow-dir is not set); stored reports:");
        } else {
            out.printf("shadow run of %s: %d pending, %d skipped (queue full)%n", n.path("candidate").asText(),
                    n.path("pending").asLong(), n.path("skipped").asLong());
        }
        for (JsonNode r : n.path("reports")) {
            StringBuilder fields = new StringBuilder();
            r.path("fields").forEach(f -> fields.append(fields.length() == 0 ? "" : ", ").append(f.asText()));
            out.printf("%d  %s  %s %s  %s%s: %s%n", r.path("messageId").asLong(), Instant.ofEpochMilli(r.path("createdAt").asLong()),
                    r.path("type").asText(), r.path("controlId").asText(), r.path("liveAnswer").asText(),
                    r.path("liveAnswer").asText().equals(r.path("shadowAnswer").asText()) ? "" : "->" + r.path("shadowAnswer").asText(),
                    r.path("differences").asInt() == 0 ? "no difference" : r.path("differences").asInt() + " difference(s): " + fields);
        }
    }

    static void printReport(PrintWriter out, JsonNode n) {
        out.printf("message %d (%s %s), candidate %s: %d difference(s)%n", n.path("messageId").asLong(), n.path("type").asText(),
                n.path("controlId").asText(), n.path("candidate").asText(), n.path("differences").asInt());
        for (JsonNode d : n.path("changes")) {
            out.println("  " + d.path("field").asText());
            out.println("    live:   " + (d.path("live").isNull() ? "(absent)" : d.path("live").asText()));
            out.println("    shadow: " + (d.path("shadow").isNull() ? "(absent)" : d.path("shadow").asText()));
        }
    }
}
