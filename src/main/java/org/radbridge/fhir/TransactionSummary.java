package org.radbridge.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.radbridge.fhir.map.FhirJson;

/** "5 entries: 201 x2, 200 x3" from a transaction-response Bundle (no resource content: no PHI). */
final class TransactionSummary {

    private TransactionSummary() {
    }

    static String of(String body) {
        try {
            JsonNode b = FhirJson.parse(body.getBytes(StandardCharsets.UTF_8));
            Map<String, Integer> byStatus = new TreeMap<>();
            for (JsonNode e : b.path("entry")) {
                String s = e.path("response").path("status").asText("?");
                int sp = s.indexOf(' ');
                byStatus.merge(sp > 0 ? s.substring(0, sp) : s, 1, Integer::sum);
            }
            StringBuilder sb = new StringBuilder().append(b.path("entry").size()).append(" entries");
            String sep = ": ";
            for (Map.Entry<String, Integer> x : byStatus.entrySet()) {
                sb.append(sep).append(x.getKey()).append(" x").append(x.getValue());
                sep = ", ";
            }
            return sb.toString();
        } catch (RuntimeException e) {
            return "response not a Bundle";
        }
    }
}
