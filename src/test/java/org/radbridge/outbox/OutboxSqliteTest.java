package org.radbridge.outbox;

import java.util.Map;

/** The outbox contract on the embedded database (SQLite under the data directory). */
class OutboxSqliteTest extends OutboxContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}
