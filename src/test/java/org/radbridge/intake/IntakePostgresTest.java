package org.radbridge.intake;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;

/** The intake tests with the journal on a real PostgreSQL. */
@ExtendWith(PostgresDatabase.class)
class IntakePostgresTest extends IntakeTest {

    private final String url;

    IntakePostgresTest(@PgUrl String url) {
        this.url = url;
    }

    @Override
    Map<String, String> database() {
        return Map.of("radbridge.db.url", url);
    }
}
