package org.radbridge.deid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.OutcomeTable;

/**
 * A de-identified target that is a FHIR R4 server (FHIR RESTful API 3.1.0): a Bundle of type transaction
 * or batch is POSTed to the base URL, another resource POSTed to [base]/[type]; the HTTP status is
 * classified by the outbox's {@link OutcomeTable}. Used until a shared FHIR destination factory is bound
 * ("destinationFactory.fhir"), see DeidModule.
 */
final class FhirTransport implements Destination {

    private final String name;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FhirTransport(String name, String base) {
        this.name = name;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        String json = e.payloadText();
        String type = resourceType(json);
        String url = type.equals("Bundle") ? base : base + "/" + type;
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return OutcomeTable.http(r.statusCode(), r.statusCode() >= 400 ? r.body() : null,
                r.headers().firstValue("Retry-After").orElse(null));
    }

    private static String resourceType(String json) {
        var n = FhirDeidentifier.parser().parseResource(json);
        return n.fhirType();
    }
}
