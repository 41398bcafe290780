package org.radbridge.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.radbridge.fhir.map.FhirJson;

/**
 * The "merge" write (mappings/hl7-to-fhir/patient-to-fhir.yaml): the FHIR destination reads the current resource
 * and sends it back with the incoming elements in place, so an ADT^A08 that carries no telecom does not wipe it.
 * Rules, per top-level element of the incoming resource:
 * <ul>
 * <li>identifier: the incoming identifiers, plus the current ones of systems the incoming has none of (so an
 *     A47's new MRN replaces the old one of its system, and an SSN the ADT did not send stays);</li>
 * <li>link: the union, by the reference of link.other;</li>
 * <li>series (ImagingStudy): the union by series uid, an incoming series replacing the current one of its uid (so
 *     the series of several MPPS of one study add up);</li>
 * <li>anything else: replaced by the incoming value.</li>
 * </ul>
 * Elements the incoming resource does not have stay as they are; id and meta are the current resource's.
 */
public final class ResourceMerge {

    private ResourceMerge() {
    }

    public static ObjectNode merge(ObjectNode current, ObjectNode incoming) {
        ObjectNode out = current.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = incoming.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("resourceType") || name.equals("id") || name.equals("meta")) {
                continue;
            }
            switch (name) {
                case "identifier" -> out.set(name, identifiers(current.path(name), e.getValue()));
                case "link" -> out.set(name, links(current.path(name), e.getValue()));
                case "series" -> out.set(name, series(current.path(name), e.getValue()));
                default -> out.set(name, e.getValue().deepCopy());
            }
        }
        out.remove("text"); // a narrative of the old content would now be wrong
        return out;
    }

    static ArrayNode identifiers(JsonNode current, JsonNode incoming) {
        ArrayNode out = FhirJson.array();
        Set<String> systems = new HashSet<>();
        for (JsonNode id : incoming) {
            out.add(id.deepCopy());
            systems.add(id.path("system").asText(""));
        }
        for (JsonNode id : current) {
            if (!systems.contains(id.path("system").asText(""))) {
                out.add(id.deepCopy());
            }
        }
        return out;
    }

    static ArrayNode series(JsonNode current, JsonNode incoming) {
        ArrayNode out = FhirJson.array();
        Set<String> incomingUids = new HashSet<>();
        incoming.forEach(s -> incomingUids.add(s.path("uid").asText()));
        for (JsonNode s : current) {
            if (!incomingUids.contains(s.path("uid").asText())) {
                out.add(s.deepCopy());
            }
        }
        incoming.forEach(s -> out.add(s.deepCopy()));
        return out;
    }

    static ArrayNode links(JsonNode current, JsonNode incoming) {
        ArrayNode out = FhirJson.array();
        Set<String> seen = new HashSet<>();
        for (JsonNode l : current) {
            if (seen.add(l.path("other").path("reference").asText())) {
                out.add(l.deepCopy());
            }
        }
        for (JsonNode l : incoming) {
            String ref = l.path("other").path("reference").asText();
            if (seen.add(ref)) {
                out.add(l.deepCopy());
            } else {
                for (JsonNode o : out) {
                    if (o.path("other").path("reference").asText().equals(ref)) {
                        ((ObjectNode) o).set("type", l.path("type"));
                    }
                }
            }
        }
        return out;
    }
}
