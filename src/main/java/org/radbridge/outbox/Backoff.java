package org.radbridge.outbox;

/** Exponential backoff with jitter, bounded: initial * 2^(attempt-1), capped, +-20 %. */
public record Backoff(long initialMillis, long maxMillis, int maxAttempts) {

    public long delay(int attempt) {
        double d = initialMillis * Math.pow(2, Math.max(0, attempt - 1));
        d = Math.min(d, maxMillis);
        double jitter = 0.8 + Math.random() * 0.4;
        return Math.max(1, (long) (d * jitter));
    }
}
