package org.radbridge.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Runs an MPPS scenario of test-messages/mpps-* (docs/procedure-status.md): the orders of before.txt over MLLP, then
 * mpps.json — a list of actions, each either an association of dcmjs-dimse as the modality's MPPS SCU
 * ({"callingAe", "steps": [{op ncreate|nset, sopInstance, dataset}]}) or an operator's link ({"link": {uid,
 * studyInstanceUid, spsId, reason}}) — and collects what the engine answered and produced.
 */
final class MppsScenarios {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MPPS = "1.2.840.10008.3.1.2.3.3";

    private MppsScenarios() {
    }

    static List<Path> all() {
        try (Stream<Path> s = Files.list(ProjectPaths.testMessages())) {
            return s.filter(p -> p.getFileName().toString().startsWith("mpps-") && Files.exists(p.resolve("mpps.json"))).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Engine properties: the EMR at {@code emr}, fast outbox retries, and an optional mappings overlay. */
    static Map<String, String> props(String emr, Path overlay) {
        Map<String, String> p = new HashMap<>();
        if (emr != null) {
            p.put("radbridge.emr.mllp", emr);
        }
        p.put("radbridge.outbox.backoff-initial-ms", "50");
        p.put("radbridge.outbox.backoff-max-ms", "500");
        p.put("radbridge.outbox.max-attempts", "1000");
        p.put("radbridge.outbox.poll-ms", "100");
        if (overlay != null) {
            p.put("radbridge.mappings.overlay-dir", overlay.toString());
        }
        return p;
    }

    /** Sends the orders the scenario needs (before.txt, transitively); each must be answered AA. */
    static void sendOrders(TestEngine e, Path scenario) throws Exception {
        try (MllpClient c = e.client()) {
            for (Path p : Scenarios.prerequisites(scenario)) {
                String ack = new String(c.exchange(Files.readAllBytes(p)), StandardCharsets.ISO_8859_1);
                if (!ack.contains("MSA|AA")) {
                    throw new AssertionError(p + " was not accepted: " + ack);
                }
            }
        }
    }

    /** Runs mpps.json; returns one node per action: the DIMSE responses (step, op, status) or the link's HTTP answer. */
    static ArrayNode run(TestEngine e, Path scenario) throws Exception {
        JsonNode actions = JSON.readTree(scenario.resolve("mpps.json").toFile());
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode a : actions) {
            if (a.has("link")) {
                JsonNode l = a.get("link");
                var r = e.post("/api/procedures/" + l.path("uid").asText() + "/link", JSON.writeValueAsString(l));
                ObjectNode o = out.addObject();
                o.put("link", l.path("uid").asText());
                o.put("http", r.statusCode());
                continue;
            }
            List<Map<String, Object>> steps = new ArrayList<>();
            for (JsonNode s : a.path("steps")) {
                Map<String, Object> m = JSON.convertValue(s, Map.class);
                m.putIfAbsent("sopClass", MPPS);
                steps.add(m);
            }
            List<JsonNode> rsp = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), a.path("callingAe").asText("CT01"), "RADBRIDGE", steps);
            ArrayNode assoc = out.addArray();
            for (JsonNode r : rsp) {
                ObjectNode o = assoc.addObject();
                if (r.has("error")) {
                    o.set("error", r.get("error"));
                    continue;
                }
                o.put("step", r.path("step").asInt());
                o.put("op", r.path("op").asText());
                o.put("status", String.format("%04X", r.path("status").asInt()));
            }
        }
        return out;
    }

    /** Waits until the destination's outbox entries are all done. */
    static boolean awaitDrained(TestEngine e, String destination, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            boolean busy = false;
            for (JsonNode n : get(e, "/api/outbox?destination=" + destination + "&limit=1000")) {
                String s = n.path("state").asText();
                busy |= !s.equals("DONE") && !s.equals("SKIPPED");
            }
            if (!busy) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static JsonNode get(TestEngine e, String path) throws Exception {
        var r = e.get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The stored MPPS as the API lists them, without times and journal ids (golden procedures.json). */
    static String procedures(TestEngine e) throws Exception {
        ArrayNode list = (ArrayNode) get(e, "/api/procedures?limit=1000");
        List<JsonNode> sorted = new ArrayList<>();
        list.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparing(n -> n.path("sopInstanceUid").asText()));
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode n : sorted) {
            ObjectNode o = ((ObjectNode) n).deepCopy();
            o.remove(List.of("createdAt", "updatedAt", "messageId"));
            out.add(o);
        }
        return JSON.writeValueAsString(out);
    }

    /** Study/SPS/status of every worklist item (golden sps.txt). */
    static String steps(TestEngine e) throws Exception {
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (JsonNode it : get(e, "/api/worklist?limit=1000")) {
            JsonNode sps = it.path("00400100").path("Value").path(0);
            lines.add(it.path("0020000D").path("Value").path(0).asText() + "/" + sps.path("00400009").path("Value").path(0).asText()
                    + " " + sps.path("00400020").path("Value").path(0).asText());
        }
        lines.sort(null);
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** The FHIR Bundles the MPPS made (file outbox, kind fhir-performed), in order. */
    static List<String> fhirBundles(TestEngine e) throws Exception {
        Path dir = e.dataDir().resolve("outbox").resolve("fhir");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().contains("fhir-performed")).sorted().toList()) {
                out.add(JSON.writeValueAsString(JSON.readTree(p.toFile())));
            }
        }
        return out;
    }

    /** An outbound HL7 message with MSH-10 masked ("*"), one segment per line. */
    static String mask(String hl7) {
        return org.radbridge.testing.Hl7Text.maskControlId(hl7);
    }
}
