package org.radbridge.procedure;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.Scenarios;

/**
 * The procedure-status flow on a real PostgreSQL (embedded, db/migration/procedure/postgresql): the group and the
 * unscheduled-then-linked scenarios give the same golden files as on SQLite.
 */
@ExtendWith(PostgresDatabase.class)
class ProcedurePostgresTest {

    @Test
    void groupCase(@PgUrl String url) throws Exception {
        ProcedureStatusTest.run(Scenarios.dir("mpps-group"), Map.of("radbridge.db.url", url));
    }

    @Test
    void unscheduledThenLinked(@PgUrl String url) throws Exception {
        ProcedureStatusTest.run(Scenarios.dir("mpps-unscheduled"), Map.of("radbridge.db.url", url));
    }
}
