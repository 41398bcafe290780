package org.radbridge.fhir.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * FHIR JSON (FHIR R4 json.html) as Jackson trees: RadBridge builds resources as JSON directly (no HAPI model on the
 * hot path); HAPI's validator checks every produced resource in the tests. Properties keep insertion order, so
 * output is deterministic.
 */
public final class FhirJson {

    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private FhirJson() {
    }

    public static ObjectNode object() {
        return F.objectNode();
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Puts a string unless it is null or empty. */
    public static ObjectNode put(ObjectNode o, String name, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(name, value);
        }
        return o;
    }

    /** Puts a node unless it is null, an empty array or an empty object. */
    public static ObjectNode put(ObjectNode o, String name, JsonNode value) {
        if (!isEmpty(value)) {
            o.set(name, value);
        }
        return o;
    }

    /** Adds a string to an array unless it is empty. */
    public static void add(ArrayNode a, String value) {
        if (value != null && !value.isEmpty()) {
            a.add(value);
        }
    }

    public static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || (n.isContainerNode() && n.isEmpty()) || (n.isTextual() && n.asText().isEmpty());
    }

    /** One coding: {"system", "code", "display"} (empty parts left out). */
    public static ObjectNode coding(String system, String code, String display) {
        ObjectNode c = object();
        put(c, "system", system);
        put(c, "code", code);
        put(c, "display", display);
        return c;
    }

    /** A CodeableConcept with one coding. */
    public static ObjectNode concept(String system, String code, String display) {
        ObjectNode c = object();
        c.set("coding", array().add(coding(system, code, display)));
        return c;
    }

    public static String compact(JsonNode n) {
        try {
            return COMPACT.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact UTF-8 JSON, byte for byte what Jackson writes (one pass, no serializer lookups: {@link CompactJson}). */
    public static byte[] compactBytes(JsonNode n) {
        return CompactJson.write(n, COMPACT);
    }

    public static String pretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
