package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;

/**
 * Two {@link AdvisoryLocks} on one real PostgreSQL, as two engine instances have them: a key held by one makes the
 * other wait (seen in pg_locks as an ungranted advisory lock) until it is released, or until the holder's session
 * dies (an instance killed); other keys never wait; a lock not obtained in the lock timeout fails the attempt.
 */
@ExtendWith(PostgresDatabase.class)
class AdvisoryLocksTest {

    @Test
    void aKeyHeldByOneInstanceMakesTheOtherWaitUntilReleasedOrTheHolderDies(@PgUrl String url) throws Exception {
        AtomicReference<Connection> firstSession = new AtomicReference<>();
        try (AdvisoryLocks a = new AdvisoryLocks(() -> {
                    Connection c = DriverManager.getConnection(url);
                    firstSession.set(c);
                    return c;
                }, 60_000, 2);
                AdvisoryLocks b = new AdvisoryLocks(() -> DriverManager.getConnection(url), 60_000, 2);
                Connection observer = DriverManager.getConnection(url)) {
            String patient = "http://fhir/base Patient?identifier=urn:oid:1.2.3|PAT1";
            WriteLocks.Handle held = a.lock(List.of(patient, "http://fhir/base Practitioner?identifier=x|1"));
            // another key: no wait
            try (WriteLocks.Handle other = b.lock(List.of("http://fhir/base Patient?identifier=urn:oid:1.2.3|PAT2"))) {
                assertEquals(0, waiting(observer));
            }
            CompletableFuture<WriteLocks.Handle> second = CompletableFuture.supplyAsync(() -> lock(b, patient));
            awaitWaiting(observer, 1);
            assertFalse(second.isDone(), "the second instance waits for the key");
            held.close();
            second.get(10, TimeUnit.SECONDS).close();

            // the holder dies (its session ends, as when its process is killed): the waiter gets the key at once
            a.lock(List.of(patient)); // not released on purpose
            CompletableFuture<WriteLocks.Handle> third = CompletableFuture.supplyAsync(() -> lock(b, patient));
            awaitWaiting(observer, 1);
            firstSession.get().close();
            third.get(10, TimeUnit.SECONDS).close();
            assertEquals(0, waiting(observer));
        }
    }

    @Test
    void aLockNotObtainedInTheLockTimeoutFailsTheAttempt(@PgUrl String url) throws Exception {
        try (AdvisoryLocks a = new AdvisoryLocks(() -> DriverManager.getConnection(url), 60_000, 1);
                AdvisoryLocks b = new AdvisoryLocks(() -> DriverManager.getConnection(url), 300, 1);
                WriteLocks.Handle held = a.lock(List.of("k"))) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> b.lock(List.of("k")));
            assertTrue(e.getMessage().startsWith("FHIR write lock not obtained"), e.getMessage());
            // the failed session was dropped; a later attempt works once the key is free
            held.close();
            b.lock(List.of("k")).close();
        }
    }

    private static WriteLocks.Handle lock(AdvisoryLocks l, String key) {
        try {
            return l.lock(List.of(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int waiting(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype='advisory' AND NOT granted AND classid=" + AdvisoryLocks.NAMESPACE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitWaiting(Connection c, int n) throws Exception {
        org.radbridge.testing.Waits.until(n + " sessions waiting", java.time.Duration.ofSeconds(10), () -> waiting(c) == n);
        assertEquals(n, waiting(c), "sessions waiting for a FHIR write lock");
    }
}
