package org.radbridge.outbox;

/** One outbox row: what to deliver, where, in which order, and how far it got. */
public record OutboxEntry(long id, long createdAt, Long messageId, String destination, String orderingKey,
        String kind, String contentType, byte[] payload, String controlId, String state, int attempts,
        long nextAttemptAt, String lastOutcome, String lastError, long updatedAt, Long doneAt) {

    public static final String PENDING = "PENDING";
    public static final String IN_FLIGHT = "IN_FLIGHT";
    public static final String RETRYING = "RETRYING";
    public static final String DONE = "DONE";
    public static final String DEAD = "DEAD";
    public static final String SKIPPED = "SKIPPED";

    public String payloadText() {
        return payload == null ? "" : new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
