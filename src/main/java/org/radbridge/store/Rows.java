package org.radbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps one result row. */
@FunctionalInterface
public interface Rows<T> {
    T map(ResultSet rs) throws SQLException;
}
