package org.radbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One known HL7 sender from mappings/peers/hl7-senders.yaml (or the defaults for an unknown one):
 * how to recognise it (MSH-3/MSH-4 namespace ids, optionally source address and TLS identity), its role
 * (emr = Order Placer, ris = Order Filler), the acknowledgement mode per message type, a charset override,
 * the message types and processing ids it may send, and flow options under {@code options}.
 */
public record Hl7Peer(String name, boolean known, String application, String facility, String role,
        Map<String, String> ackModes, String charset, List<String> allowedTypes, List<String> processingIds,
        String duplicateControlId, List<String> addresses, String tlsIdentity, String receivingApplication,
        String receivingFacility, JsonNode options) {

    public static final String AFTER_COMMIT = "after-commit";
    public static final String AFTER_STORE = "after-store";

    /** after-commit or after-store for a message type ("ORM^O01"), by exact type, then code, then "*". */
    public String ackMode(String messageType) {
        String m = ackModes.get(messageType);
        if (m == null && messageType.indexOf('^') > 0) {
            m = ackModes.get(messageType.substring(0, messageType.indexOf('^')));
        }
        if (m == null) {
            m = ackModes.get("*");
        }
        return m == null ? AFTER_COMMIT : m;
    }

    public boolean allows(String messageType) {
        if (allowedTypes == null || allowedTypes.isEmpty() || allowedTypes.contains("*")) {
            return true;
        }
        String code = messageType.indexOf('^') > 0 ? messageType.substring(0, messageType.indexOf('^')) : messageType;
        return allowedTypes.contains(messageType) || allowedTypes.contains(code) || allowedTypes.contains(code + "^*");
    }

    public boolean acceptsProcessingId(String id) {
        return processingIds.stream().anyMatch(p -> p.equalsIgnoreCase(id));
    }

    public boolean isOrderFiller() {
        return "ris".equals(role.toLowerCase(Locale.ROOT));
    }

    /** A flow option, e.g. option("worklist.study-uid", "assign"); dotted names walk the YAML. */
    public String option(String dotted, String def) {
        JsonNode n = node(dotted);
        return n == null || n.isNull() || n.isMissingNode() ? def : n.asText();
    }

    public boolean optionFlag(String dotted, boolean def) {
        JsonNode n = node(dotted);
        return n == null || n.isNull() || n.isMissingNode() ? def : n.asBoolean(def);
    }

    public JsonNode node(String dotted) {
        if (options == null) {
            return null;
        }
        JsonNode n = options;
        for (String p : dotted.split("\\.")) {
            n = n.path(p);
        }
        if (n.isMissingNode()) {
            // also accept the dotted name as one key
            n = options.path(dotted);
        }
        return n.isMissingNode() ? null : n;
    }
}
