package org.radbridge.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs each notice as JSON (application/json, {@link Notice#json()}) to radbridge.alerts.webhook.url, with
 * {@code Authorization: Bearer <radbridge.alerts.webhook.token>} when the token is set (from the environment:
 * RADBRIDGE_ALERTS_WEBHOOK_TOKEN). A status other than 2xx is a failure.
 */
public final class WebhookNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookNotifier(URI url, String token) {
        this.url = url;
        this.token = token == null || token.isEmpty() ? null : token;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(Notice n) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(n.json())));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new java.io.IOException("webhook answered HTTP " + r.statusCode());
        }
    }
}
