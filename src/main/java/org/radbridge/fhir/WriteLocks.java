package org.radbridge.fhir;

/**
 * Serializes FHIR writes per business identifier (a conditional create or update is a search then a write, and two
 * at once for one identifier make twins on the HAPI JPA server). {@link KeyedLocks} serializes the workers of one
 * instance (the embedded database has one instance); {@link AdvisoryLocks} the workers of every instance on one
 * PostgreSQL database. Keys are taken in one global order, so two deliveries never deadlock.
 */
public interface WriteLocks extends AutoCloseable {

    /** Locks every key (blocking; may fail, e.g. when the database cannot be reached); close the handle to release. */
    Handle lock(Iterable<String> keys) throws Exception;

    /** Held locks. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    default void close() {
    }
}
