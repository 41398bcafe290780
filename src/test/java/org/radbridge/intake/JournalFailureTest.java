package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.Postgres;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/** The journal's database goes away: the answer is AR 207 (never AA), the raw bytes are spooled, and the engine recovers. */
@ExtendWith(PostgresDatabase.class)
class JournalFailureTest {

    static String adt(String id) {
        return "MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "^^^HOSP\r";
    }

    @Test
    void journalFailureAnswersAr207AndSpoolsThenRecovers(@PgUrl String url) throws Exception {
        String db = Postgres.databaseName(url);
        try (TestEngine e = TestEngine.start(Map.of("radbridge.db.url", url))) {
            assertEquals("AA", Hl7Text.field(e.send(adt("J1")), "MSA", 1));
            Postgres.admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
            Postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='" + db + "'");
            String ack = e.send(adt("J2"));
            assertEquals("AR", Hl7Text.field(ack, "MSA", 1), ack);
            assertTrue(Hl7Text.field(ack, "ERR", 3).startsWith("207^"), ack);
            Path spool = e.dataDir().resolve("spool");
            try (Stream<Path> s = Files.list(spool)) {
                assertTrue(s.anyMatch(p -> {
                    try {
                        return Files.readString(p).contains("|J2|");
                    } catch (java.io.IOException x) {
                        return false;
                    }
                }), "raw bytes spooled");
            }
            assertEquals(503, e.get("/health").statusCode());
            Postgres.admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            String again = null;
            for (int i = 0; i < 20; i++) {
                again = e.send(adt("J3-" + i));
                if ("AA".equals(Hl7Text.field(again, "MSA", 1))) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("AA", Hl7Text.field(again, "MSA", 1), again);
            assertEquals(200, e.get("/health").statusCode());
        }
    }
}
