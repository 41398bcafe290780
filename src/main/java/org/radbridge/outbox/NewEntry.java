package org.radbridge.outbox;

import java.nio.charset.StandardCharsets;

/**
 * Work for a destination, written in the same transaction as the state change that caused it.
 *
 * @param destination destination name (e.g. "fhir", "emr")
 * @param orderingKey entries with the same key are delivered in order; normally the resolved patient key
 * @param kind what the payload is ("hl7", "fhir-bundle", "mpps", ...)
 * @param controlId a stable id for the receiver to de-duplicate by (outbound MSH-10), may be null
 */
public record NewEntry(String destination, String orderingKey, String kind, String contentType, byte[] payload,
        String controlId) {

    public static NewEntry text(String destination, String orderingKey, String kind, String contentType,
            String payload, String controlId) {
        return new NewEntry(destination, orderingKey, kind, contentType, payload.getBytes(StandardCharsets.UTF_8), controlId);
    }
}
