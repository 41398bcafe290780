package org.radbridge.outbox;

/**
 * The outcome of one delivery attempt, as the outcome table (docs/outbox.md) classifies it.
 *
 * @param retryAfterMillis a delay the receiver asked for (HTTP Retry-After), or null for the backoff
 */
public record DeliveryResult(Outcome outcome, String detail, Long retryAfterMillis) {

    /** What happens next to the entry (and possibly its destination). */
    public enum Outcome {
        /** Accepted by the receiver: the entry is done. */
        DELIVERED,
        /** Temporary failure (timeout, 5xx, 408, 429, connection refused): retry with backoff. */
        RETRY,
        /** The receiver refuses us as a client (401/403, TLS refused): pause the destination. */
        PAUSE,
        /** The receiver will never accept this entry (other 4xx, AR where so configured): dead letter. */
        DEAD
    }

    public static DeliveryResult delivered(String detail) {
        return new DeliveryResult(Outcome.DELIVERED, detail, null);
    }

    public static DeliveryResult retry(String detail) {
        return new DeliveryResult(Outcome.RETRY, detail, null);
    }

    public static DeliveryResult retryAfter(String detail, long millis) {
        return new DeliveryResult(Outcome.RETRY, detail, millis);
    }

    public static DeliveryResult pause(String detail) {
        return new DeliveryResult(Outcome.PAUSE, detail, null);
    }

    public static DeliveryResult dead(String detail) {
        return new DeliveryResult(Outcome.DEAD, detail, null);
    }
}
