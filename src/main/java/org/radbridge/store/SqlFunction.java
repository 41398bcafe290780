package org.radbridge.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A read against a pooled connection. */
@FunctionalInterface
public interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
}
