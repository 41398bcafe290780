package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.radbridge.fhir.map.FhirJson;

/**
 * One FHIR R4 transaction Bundle (http.html#transaction) per message. Every entry is a conditional write on the
 * resource's business identifiers, so a Bundle can be sent any number of times: POST with ifNoneExist
 * (create-if-absent) or a conditional PUT (upsert, merge). Entries reference each other by their fullUrl, a
 * urn:uuid derived from the resource type and the condition: the same resource gets the same urn in every message,
 * which makes Bundles deterministic (golden files) and lets a resource that two fields name (a Practitioner in
 * ORC-12 and OBR-16) appear once.
 */
public final class TransactionBundle {

    /** How an entry is written (mappings/hl7-to-fhir/&lt;flow&gt;.yaml "writes"). */
    public enum Write {
        CREATE_IF_ABSENT, UPSERT, MERGE;

        public static Write of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One entry: the condition is a FHIR search query on the resource type ("identifier=sys|val,..."). */
    public record Entry(String fullUrl, String resourceType, ObjectNode resource, Write write, String condition) {

        /** "Type?condition": what the FHIR destination serializes writes on. */
        public String conditionalUrl() {
            return resourceType + "?" + condition;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final MessageDigest MD5;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 not supported", e);
        }
    }

    /**
     * The urn:uuid of a resource: a name-based UUID (RFC 4122 4.3, version 3, what {@link UUID#nameUUIDFromBytes}
     * gives) of "radbridge:" + type + "?" + condition, from a clone of one MD5 instance and written without the
     * UUID object (issue 15: the provider look-up of every {@code MessageDigest.getInstance} cost more than the hash).
     */
    public static String fullUrl(String resourceType, String condition) {
        MessageDigest md;
        try {
            md = (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return "urn:uuid:" + UUID.nameUUIDFromBytes(("radbridge:" + resourceType + "?" + condition)
                    .getBytes(StandardCharsets.UTF_8));
        }
        md.update(PREFIX);
        md.update(resourceType.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '?');
        md.update(condition.getBytes(StandardCharsets.UTF_8));
        byte[] h = md.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x30); // version 3
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        char[] out = new char[45];
        "urn:uuid:".getChars(0, 9, out, 0);
        int p = 9;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[p++] = '-';
            }
            out[p++] = HEX[(h[i] >> 4) & 0xf];
            out[p++] = HEX[h[i] & 0xf];
        }
        return new String(out);
    }

    private static final byte[] PREFIX = "radbridge:".getBytes(StandardCharsets.US_ASCII);

    /**
     * Adds a resource (its "resourceType" must be set) unless one with the same condition is there already; returns
     * the fullUrl either way.
     */
    public String add(ObjectNode resource, Write write, String condition) {
        String type = resource.path("resourceType").asText();
        String url = fullUrl(type, condition);
        entries.putIfAbsent(url, new Entry(url, type, resource, write, condition));
        return url;
    }

    /** Adds a resource under a fullUrl the caller computed with {@link #fullUrl} (unless one is there already). */
    public void add(String url, ObjectNode resource, Write write, String condition) {
        entries.putIfAbsent(url, new Entry(url, resource.path("resourceType").asText(), resource, write, condition));
    }

    public boolean contains(String fullUrl) {
        return entries.containsKey(fullUrl);
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The Bundle as FHIR JSON; {@code timestamp} (MSH-7) may be null. */
    public ObjectNode toJson(String timestamp) {
        ObjectNode b = FhirJson.object();
        b.put("resourceType", "Bundle");
        b.put("type", "transaction");
        FhirJson.put(b, "timestamp", timestamp);
        ArrayNode list = b.putArray("entry");
        for (Entry e : entries.values()) {
            ObjectNode o = list.addObject();
            o.put("fullUrl", e.fullUrl());
            o.set("resource", e.resource());
            ObjectNode req = o.putObject("request");
            if (e.write() == Write.CREATE_IF_ABSENT) {
                req.put("method", "POST");
                req.put("url", e.resourceType());
                req.put("ifNoneExist", e.condition());
            } else {
                req.put("method", "PUT");
                req.put("url", e.conditionalUrl());
            }
        }
        return b;
    }
}
