package org.radbridge.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.fhir.auth.TokenRefused;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.outbox.OutcomeTable;

/**
 * The "fhir" destination: POSTs each transaction Bundle to radbridge.fhir.url and classifies the answer with the
 * outbox outcome table (docs/outbox.md: 2xx delivered; 408, 429, 5xx retry honouring Retry-After; 401/403 pause the
 * destination; 412 and other 4xx dead letter, the OperationOutcome kept as the entry's error), plus one FHIR rule:
 * 409 Conflict (a version conflict: the resource changed between our read and our write) is retried. Before
 * sending, the conditional PUTs of resource types written with "merge" are turned into merges with the current
 * resource ({@link ResourceMerge}, version-checked with If-Match), and writes are serialized per condition
 * ({@link WriteLocks}: per instance, or cluster-wide on PostgreSQL). Bundles of kind
 * {@link PerformedProcedureToFhir#KIND} (MPPS) merge their ServiceRequest and ImagingStudy entries whatever the flows'
 * writes say. An OAuth token is obtained before the locks are taken, so a slow token endpoint holds no lock.
 */
public final class FhirDestination implements Destination {

    private final FhirHttp http;
    private final Set<String> mergedTypes;
    private final WriteLocks locks;
    private final int workers;

    /** With locks of this instance only ({@link KeyedLocks}: the embedded database, one instance). */
    public FhirDestination(FhirHttp http, Set<String> mergedTypes, int workers) {
        this(http, mergedTypes, workers, new KeyedLocks(256));
    }

    /** With the given write locks ({@link AdvisoryLocks} on PostgreSQL: every instance of the cluster). */
    public FhirDestination(FhirHttp http, Set<String> mergedTypes, int workers, WriteLocks locks) {
        this.http = http;
        this.mergedTypes = mergedTypes;
        this.workers = workers;
        this.locks = locks;
    }

    @Override
    public String name() {
        return FhirBundleEffect.DESTINATION;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        ObjectNode bundle = (ObjectNode) FhirJson.parse(e.payload());
        List<String> keys = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode req = entry.path("request");
            // the server's base first: one identifier on two FHIR servers need not wait
            keys.add(http.base() + " " + (req.path("method").asText().equals("POST")
                    ? req.path("url").asText() + "?" + req.path("ifNoneExist").asText() : req.path("url").asText()));
        }
        Set<String> merged = PerformedProcedureToFhir.KIND.equals(e.kind()) ? PerformedProcedureToFhir.MERGED : mergedTypes;
        try {
            http.auth().authorization(); // fetched (or cached) outside the locks
            try (WriteLocks.Handle h = locks.lock(keys)) {
                return send(bundle, merged);
            }
        } catch (TokenRefused refused) {
            // the authorization server will not give us a token: as a 401 from the FHIR server, pause (outcome table)
            return DeliveryResult.pause(refused.getMessage());
        }
    }

    @Override
    public void close() {
        locks.close();
    }

    private DeliveryResult send(ObjectNode bundle, Set<String> merged) throws Exception {
        ObjectNode toSend = bundle;
        if (hasMerges(bundle, merged)) {
            Object prepared = prepareMerges(bundle, merged);
            if (prepared instanceof DeliveryResult refused) {
                return refused;
            }
            toSend = (ObjectNode) prepared;
        }
        FhirHttp.Reply r = http.transaction(FhirJson.compactBytes(toSend));
        if (r.ok()) {
            return DeliveryResult.delivered("HTTP " + r.status() + ": " + TransactionSummary.of(r.body()));
        }
        if (r.status() == 409) {
            return DeliveryResult.retry("HTTP 409 (version conflict, read again next attempt): " + clip(r.body()));
        }
        return OutcomeTable.http(r.status(), r.body(), r.retryAfter());
    }

    private static boolean hasMerges(ObjectNode bundle, Set<String> merged) {
        for (JsonNode entry : bundle.path("entry")) {
            if (isMerge(entry, merged)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMerge(JsonNode entry, Set<String> merged) {
        JsonNode req = entry.path("request");
        return req.path("method").asText().equals("PUT") && req.path("url").asText().contains("?")
                && merged.contains(entry.path("resource").path("resourceType").asText());
    }

    /**
     * Reads the current resource of every merge entry by its condition; for one match the entry becomes
     * "PUT Type/id" with If-Match of the version read and the merged content (references to resources found are
     * rewritten to their ids first, so links compare). No match: the conditional PUT creates it. Several: left as
     * is, the server refuses (412). Returns the Bundle to send, or a DeliveryResult when a read failed.
     */
    private Object prepareMerges(ObjectNode bundle, Set<String> mergeTypes) throws Exception {
        ObjectNode out = bundle.deepCopy();
        Map<String, String> found = new HashMap<>();
        Map<String, JsonNode> current = new HashMap<>();
        for (JsonNode entry : out.path("entry")) {
            if (!isMerge(entry, mergeTypes)) {
                continue;
            }
            FhirHttp.Reply r = http.get(entry.path("request").path("url").asText() + "&_count=2");
            if (!r.ok()) {
                return OutcomeTable.http(r.status(), r.body(), r.retryAfter());
            }
            JsonNode hits = FhirJson.parse(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("entry");
            if (hits.size() == 1) {
                JsonNode res = hits.get(0).path("resource");
                String id = res.path("resourceType").asText() + "/" + res.path("id").asText();
                found.put(entry.path("fullUrl").asText(), id);
                current.put(entry.path("fullUrl").asText(), res);
            }
        }
        for (JsonNode entry : out.path("entry")) {
            String url = entry.path("fullUrl").asText();
            if (!current.containsKey(url)) {
                continue;
            }
            ObjectNode incoming = (ObjectNode) entry.path("resource");
            rewriteLinks(incoming, found);
            JsonNode cur = current.get(url);
            ObjectNode merged = ResourceMerge.merge((ObjectNode) cur, incoming);
            ObjectNode e = (ObjectNode) entry;
            e.set("resource", merged);
            ObjectNode req = (ObjectNode) e.path("request");
            req.put("url", found.get(url));
            String version = cur.path("meta").path("versionId").asText("");
            if (!version.isEmpty()) {
                req.put("ifMatch", "W/\"" + version + "\"");
            }
        }
        return out;
    }

    private static void rewriteLinks(ObjectNode resource, Map<String, String> found) {
        for (JsonNode l : resource.path("link")) {
            JsonNode other = l.path("other");
            String ref = other.path("reference").asText();
            if (found.containsKey(ref)) {
                ((ObjectNode) other).put("reference", found.get(ref));
            }
        }
    }

    private static String clip(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
