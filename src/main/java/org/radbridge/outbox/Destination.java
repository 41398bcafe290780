package org.radbridge.outbox;

/**
 * A place the outbox delivers to (an MLLP receiver, a FHIR server, a DICOM SCP, a folder). Deliveries of
 * one destination are made by its workers; implementations must be thread-safe when more than one worker
 * is configured. An exception thrown by {@link #deliver} counts as a RETRY.
 */
public interface Destination {

    String name();

    DeliveryResult deliver(OutboxEntry entry) throws Exception;

    /** Does a dead-lettered entry block its ordering key until an operator acts? (design.md §2). */
    default boolean deadLetterBlocksKey() {
        return true;
    }

    /** Workers for this destination. */
    default int workers() {
        return 1;
    }

    /**
     * Does this destination make its deliveries durable in {@link #sync}, once for a batch (e.g. the file outbox: one
     * directory fsync)? Then a worker records the outcomes of a batch only after {@link #sync} returned.
     */
    default boolean syncsBeforeOutcomes() {
        return false;
    }

    /**
     * Makes every delivery this destination answered DELIVERED so far durable (called by the worker after a batch,
     * before its outcomes are recorded, when {@link #syncsBeforeOutcomes}); a failure makes them RETRY.
     */
    default void sync() throws Exception {
    }

    /** Called when the engine stops. */
    default void close() {
    }
}
