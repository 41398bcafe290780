package org.radbridge.store;

/** A unit of work run inside the writer's transaction (under its own savepoint). */
@FunctionalInterface
public interface TxWork<T> {
    T run(Tx tx) throws Exception;
}
