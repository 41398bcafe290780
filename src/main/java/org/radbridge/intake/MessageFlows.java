package org.radbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.mapping.Mappings;

/**
 * Dispatch by message type (mappings/codes/message-flows.yaml): MSH-9 "code^event" to the flows (route ids
 * under routes/) the message goes through, in order. Unlisted types are refused: AR 200 when no type of
 * that message code is listed, AR 201 when the code is known but not the event.
 */
public final class MessageFlows {

    public static final String FILE = "codes/message-flows.yaml";

    private final Map<String, List<String>> table;

    public MessageFlows(Map<String, List<String>> table) {
        this.table = table;
    }

    public static MessageFlows load(Mappings m) {
        JsonNode n = m.yaml(FILE);
        Map<String, List<String>> t = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            List<String> flows = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(f -> flows.add(f.asText()));
            } else if (!e.getValue().isNull()) {
                flows.add(e.getValue().asText());
            }
            t.put(e.getKey(), List.copyOf(flows));
        });
        return new MessageFlows(t);
    }

    /** The flows of a type, or an Hl7Error (AR 200/201). */
    public List<String> flowsFor(String code, String event) {
        List<String> f = table.get(code + "^" + event);
        if (f == null) {
            f = table.get(code + "^*");
        }
        if (f != null) {
            return f.contains("record-only") ? List.of() : f;
        }
        boolean codeKnown = table.keySet().stream().anyMatch(k -> k.startsWith(code + "^"));
        if (codeKnown) {
            throw new Hl7Error(org.radbridge.hl7.AckCode.AR, Hl7Error.Code.UNSUPPORTED_EVENT,
                    org.radbridge.hl7.ErrorLocation.of("MSH-9.2"), "event " + event + " of " + code + " is not handled here");
        }
        throw new Hl7Error(org.radbridge.hl7.AckCode.AR, Hl7Error.Code.UNSUPPORTED_MESSAGE_TYPE,
                org.radbridge.hl7.ErrorLocation.of("MSH-9.1"), "message type " + code + " is not handled here");
    }

    /**
     * The value of a metric's "type" label for a message type: the type itself when it is listed here,
     * "batch" for FHS/BHS, "unreadable" for none, else "other" — so invented MSH-9 values cannot add series.
     */
    public String metricLabel(String type) {
        if (type == null || type.isEmpty()) {
            return "unreadable";
        }
        if (table.containsKey(type)) {
            return type;
        }
        if (type.equals("FHS") || type.equals("BHS")) {
            return "batch";
        }
        int caret = type.indexOf('^');
        if (caret > 0 && table.containsKey(type.substring(0, caret) + "^*")) {
            return type.substring(0, caret) + "^*";
        }
        return "other";
    }

    public Map<String, List<String>> table() {
        return table;
    }
}
