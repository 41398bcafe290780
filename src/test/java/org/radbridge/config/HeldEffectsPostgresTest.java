package org.radbridge.config;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;

/** The held-effect tests with the journal and held_effects on a real PostgreSQL. */
@ExtendWith(PostgresDatabase.class)
class HeldEffectsPostgresTest extends HeldEffectsTest {

    private final String url;

    HeldEffectsPostgresTest(@PgUrl String url) {
        this.url = url;
    }

    @Override
    Map<String, String> database() {
        return Map.of("radbridge.db.url", url);
    }
}
