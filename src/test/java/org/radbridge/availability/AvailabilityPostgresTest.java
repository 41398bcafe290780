package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.OrthancPeer;
import org.radbridge.store.Tx;
import org.radbridge.testing.Postgres;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * study-available on a real PostgreSQL (embedded): the available-* golden scenarios, and two engine instances
 * sharing one database with one Orthanc: only the holder of the lease polls (each stable study is processed once),
 * and when it stops the other takes over where the cursor stands.
 */
@Timeout(600)
@ExtendWith(PostgresDatabase.class)
class AvailabilityPostgresTest {

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> availableScenariosOnPostgresql(@PgUrl String url) {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (Path s : Scenarios.all()) {
            if (s.getFileName().toString().startsWith("available-")) {
                String db = Postgres.databaseName(url) + "_s" + ++n;
                String dbUrl = url.replace("/" + Postgres.databaseName(url) + "?", "/" + db + "?");
                tests.add(DynamicTest.dynamicTest(s.getFileName().toString(), () -> {
                    Postgres.admin("CREATE DATABASE " + db);
                    StudyAvailableTest.run(s, Map.of("radbridge.db.url", dbUrl));
                }));
            }
        }
        return tests;
    }

    static String lease(TestEngine e) {
        List<String> o = e.app().engine().context().db().read(c -> Tx.query(c,
                "SELECT owner FROM availability_leases WHERE name='orthanc-poller' AND expires_at>?", rs -> rs.getString(1),
                System.currentTimeMillis()));
        return o.isEmpty() ? null : o.get(0);
    }

    static List<String> channels(TestEngine e) {
        return e.app().engine().context().db().read(c -> Tx.query(c,
                "SELECT control_id FROM messages WHERE message_type='study-available' ORDER BY id", rs -> rs.getString(1)));
    }

    static void await(java.util.function.BooleanSupplier ok, long millis, String what) throws InterruptedException {
        Waits.until(what, Duration.ofMillis(millis), ok::getAsBoolean);
    }

    @Test
    void twoInstancesShareOneLeaseAndOneCursor(@PgUrl String url) throws Exception {
        OrthancPeer.assumeAvailable();
        Dcmtk.assumeAvailable("storescu", "dump2dcm");
        try (OrthancPeer orthanc = OrthancPeer.pacs(1)) {
            Map<String, String> p = new java.util.HashMap<>(Map.of("radbridge.db.url", url,
                    "radbridge.availability.orthanc.url", orthanc.url(), "radbridge.availability.poll-ms", "200",
                    "radbridge.availability.lease-seconds", "5"));
            try (TestEngine a = TestEngine.start(with(p, "radbridge.instance-id", "engine-a"));
                    TestEngine b = TestEngine.start(with(p, "radbridge.instance-id", "engine-b"))) {
                await(() -> lease(a) != null, 20_000, "a lease holder");
                String first = lease(a);
                OrthancPollerTest.store(tmp, orthanc, "1.2.826.0.1.3680043.10.543.7001", "ACC7001", "PAT7001", "MR", 1);
                await(() -> channels(a).size() >= 1, 60_000, "the first study processed");
                Waits.holds("processed once", Duration.ofSeconds(2), () -> channels(a).size() == 1);
                assertEquals(1, channels(a).size(), "processed once although two instances run: " + channels(a));
                assertEquals(first, lease(a), "the lease stays with its holder while it runs");

                TestEngine holder = first.equals("engine-a") ? a : b;
                holder.stop();
                String other = first.equals("engine-a") ? "engine-b" : "engine-a";
                TestEngine survivor = first.equals("engine-a") ? b : a;
                await(() -> other.equals(lease(survivor)), 20_000, "the other instance takes the lease");
                OrthancPollerTest.store(tmp, orthanc, "1.2.826.0.1.3680043.10.543.7002", "ACC7002", "PAT7002", "MR", 1);
                await(() -> channels(survivor).size() >= 2, 60_000, "the second study processed by the survivor");
                Waits.holds("each stable study once", Duration.ofSeconds(1), () -> channels(survivor).size() == 2);
                List<String> seqs = channels(survivor);
                assertEquals(2, seqs.size(), "each stable study once: " + seqs);
                assertNotEquals(seqs.get(0), seqs.get(1));
                assertTrue(Long.parseLong(seqs.get(1)) > Long.parseLong(seqs.get(0)), "the cursor moved on: " + seqs);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> p, String k, String v) {
        Map<String, String> m = new java.util.HashMap<>(p);
        m.put(k, v);
        return m;
    }
}
