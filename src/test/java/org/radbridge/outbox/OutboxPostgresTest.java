package org.radbridge.outbox;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;

/** The outbox contract on a real PostgreSQL (a fresh database per test). */
@ExtendWith(PostgresDatabase.class)
class OutboxPostgresTest extends OutboxContract {

    private final String url;

    OutboxPostgresTest(@PgUrl String url) {
        this.url = url;
    }

    @Override
    Map<String, String> database() {
        return Map.of("radbridge.db.url", url);
    }
}
