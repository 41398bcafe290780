package org.radbridge.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * The outbox contract (design.md §2), run against the embedded database and PostgreSQL: bounded
 * retries with backoff, dead letter blocking its key but not other keys, pause/resume, operator actions,
 * ordering per key with two workers and across a restart.
 */
abstract class OutboxContract {

    /** Database settings of the engine under test (a fresh database per test). */
    abstract Map<String, String> database();

    TestEngine start(Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>(database());
        p.put("radbridge.outbox.backoff-initial-ms", "40");
        p.put("radbridge.outbox.backoff-max-ms", "200");
        p.put("radbridge.outbox.max-attempts", "5");
        p.put("radbridge.outbox.poll-ms", "100");
        p.putAll(extra);
        return TestEngine.start(p);
    }

    static void enqueue(TestEngine e, String dest, String key, String payload) {
        Outbox outbox = e.app().engine().context().outbox();
        outbox.db().writeAndWait(tx -> outbox.enqueue(tx, null, NewEntry.text(dest, key, "test", "text/plain", payload, null)));
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(30), cond::getAsBoolean);
    }

    static List<OutboxEntry> entries(TestEngine e, String dest) {
        List<OutboxEntry> l = new ArrayList<>(e.app().engine().context().outbox().list(dest, null, null, 1000));
        java.util.Collections.reverse(l);
        return l;
    }

    @Test
    void aDestinationThatThrowsIsRetriedAndLoggedOnceWithItsFrames() throws Exception {
        ScriptedDestination d = new ScriptedDestination("throwing", 1, true, (p, n) -> {
            if (n < 4) {
                throw new IllegalStateException("parser quoted the payload: PID|||SECRET-" + p); // may carry PHI
            }
            return DeliveryResult.delivered("ok");
        });
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(OutboxWorkers.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "throwing", "P1", "t");
            await("delivery after three throws", () -> d.delivered().contains("t"));
            await("DONE", () -> OutboxEntry.DONE.equals(entries(e, "throwing").get(0).state()));
        } finally {
            log.detachAppender(logs);
        }
        List<ch.qos.logback.classic.spi.ILoggingEvent> failed = logs.list.stream()
                .filter(ev -> ev.getFormattedMessage().contains("the destination failed")).toList();
        assertEquals(1, failed.size(), "three throws within a minute: one line " + failed);
        ch.qos.logback.classic.spi.IThrowableProxy t = failed.get(0).getThrowableProxy();
        assertTrue(t != null && t.getStackTraceElementProxyArray().length > 0, "logged with its stack trace");
        assertTrue(failed.get(0).getFormattedMessage().contains("IllegalStateException"), failed.get(0).getFormattedMessage());
        String all = logs.list.stream().map(ev -> ev.getFormattedMessage() + (ev.getThrowableProxy() == null ? ""
                : ev.getThrowableProxy().getClassName() + ev.getThrowableProxy().getMessage())).reduce("", String::concat);
        assertTrue(!all.contains("SECRET"), "no payload in the log: " + all);
    }

    @Test
    void retriesWithBackoffThenDelivers() throws Exception {
        ScriptedDestination d = new ScriptedDestination("flaky", 1, true,
                (p, n) -> n < 3 ? DeliveryResult.retry("HTTP 503") : DeliveryResult.delivered("ok"));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "flaky", "P1", "a");
            await("delivery", () -> d.delivered().contains("a"));
            await("DONE", () -> OutboxEntry.DONE.equals(entries(e, "flaky").get(0).state()));
            OutboxEntry entry = entries(e, "flaky").get(0);
            assertEquals(3, entry.attempts());
            assertEquals(3, e.app().engine().context().outbox().attempts(entry.id()).size());
        }
    }

    @Test
    void deadLetterBlocksItsKeyButNotOtherKeysUntilSkipped() throws Exception {
        ScriptedDestination d = new ScriptedDestination("strict", 1, true,
                (p, n) -> p.equals("bad") ? DeliveryResult.dead("HTTP 422") : DeliveryResult.delivered("ok"));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "strict", "A", "bad");
            enqueue(e, "strict", "A", "a2");
            enqueue(e, "strict", "B", "b1");
            await("b1", () -> d.delivered().contains("b1"));
            Waits.holds("a2 waits behind the dead letter", Duration.ofMillis(500), () -> d.delivered().equals(List.of("b1")));
            assertEquals(List.of("b1"), d.delivered(), "a2 waits behind the dead letter of its key");
            OutboxEntry bad = entries(e, "strict").get(0);
            assertEquals(OutboxEntry.DEAD, bad.state());
            assertEquals(200, e.post("/api/outbox/" + bad.id() + "/skip", null).statusCode());
            await("a2 after skip", () -> d.delivered().contains("a2"));
            assertEquals(1, d.attempts("bad"));
        }
    }

    @Test
    void deadLetterNeedNotBlockWhenTheDestinationSaysSo() throws Exception {
        ScriptedDestination d = new ScriptedDestination("lenient", 1, false,
                (p, n) -> p.equals("bad") ? DeliveryResult.dead("HTTP 422") : DeliveryResult.delivered("ok"));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "lenient", "A", "bad");
            enqueue(e, "lenient", "A", "a2");
            await("a2", () -> d.delivered().contains("a2"));
        }
    }

    @Test
    void boundedRetriesEndInADeadLetterThatAnOperatorCanRetry() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();
        ScriptedDestination d = new ScriptedDestination("down", 1, true,
                (p, n) -> healed.get() ? DeliveryResult.delivered("ok") : DeliveryResult.retry("connection refused"));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "down", "K", "x");
            await("dead letter", () -> OutboxEntry.DEAD.equals(entries(e, "down").get(0).state()));
            OutboxEntry dead = entries(e, "down").get(0);
            assertEquals(5, dead.attempts());
            assertTrue(dead.lastError().contains("gave up after 5 attempts"), dead.lastError());
            assertTrue(e.get("/metrics").body().contains("radbridge_outbox_dead_letters{destination=\"down\"} 1"));
            healed.set(true);
            assertEquals(200, e.post("/api/outbox/" + dead.id() + "/retry", null).statusCode());
            await("delivered after retry", () -> d.delivered().contains("x"));
        }
    }

    @Test
    void pausedDestinationHoldsThenDrainsInOrder() throws Exception {
        ScriptedDestination d = new ScriptedDestination("pausable", 1, true, (p, n) -> DeliveryResult.delivered("ok"));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            assertEquals(200, e.post("/api/destinations/pausable/pause", null).statusCode());
            for (int i = 0; i < 10; i++) {
                enqueue(e, "pausable", "K", "m" + i);
            }
            Waits.holds("nothing delivered while paused", Duration.ofMillis(600), () -> d.delivered().isEmpty());
            assertEquals(List.of(), d.delivered());
            assertTrue(e.get("/metrics").body().contains("radbridge_outbox_depth{destination=\"pausable\"} 10"));
            assertEquals(200, e.post("/api/destinations/pausable/resume", null).statusCode());
            await("drained", () -> d.delivered().size() == 10);
            for (int i = 0; i < 10; i++) {
                assertEquals("m" + i, d.delivered().get(i));
            }
        }
    }

    @Test
    void receiverRefusingUsPausesTheDestination() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean authorized = new java.util.concurrent.atomic.AtomicBoolean();
        ScriptedDestination d = new ScriptedDestination("auth", 1, true,
                (p, n) -> authorized.get() ? DeliveryResult.delivered("ok") : OutcomeTable.http(401, "", null));
        try (TestEngine e = start(Map.of())) {
            e.app().engine().context().workers().register(d);
            enqueue(e, "auth", "K", "s1");
            await("paused", () -> e.app().engine().context().outbox().isPaused("auth"));
            authorized.set(true);
            assertEquals(200, e.post("/api/destinations/auth/resume", null).statusCode());
            await("delivered", () -> d.delivered().contains("s1"));
        }
    }

    @Test
    void orderPerKeyWithTwoWorkersAndAcrossARestart() throws Exception {
        ScriptedDestination first = new ScriptedDestination("ordered", 2, true, (p, n) -> DeliveryResult.delivered("ok"));
        first.delayMillis = 5;
        Map<String, String> keep = new HashMap<>();
        List<String> all = new ArrayList<>();
        TestEngine e = start(Map.of());
        String dataDir = e.dataDir().toString();
        try {
            keep.put("radbridge.data-dir", dataDir);
            keep.putAll(database());
            e.app().engine().context().workers().register(first);
            for (int i = 0; i < 40; i++) {
                for (String k : new String[] {"K1", "K2", "K3", "K4"}) {
                    enqueue(e, "ordered", k, k + ":" + i);
                    all.add(k + ":" + i);
                }
            }
            await("some delivered", () -> first.delivered().size() > 30);
            e.stop();
        } catch (Exception ex) {
            e.close();
            throw ex;
        }
        ScriptedDestination second = new ScriptedDestination("ordered", 2, true, (p, n) -> DeliveryResult.delivered("ok"));
        try (TestEngine again = start(keep)) {
            again.app().engine().context().workers().register(second);
            await("all delivered", () -> {
                List<String> seen = new ArrayList<>(first.delivered());
                seen.addAll(second.delivered());
                return new java.util.HashSet<>(seen).containsAll(all);
            });
            List<String> seen = new ArrayList<>(first.delivered());
            seen.addAll(second.delivered());
            for (String k : new String[] {"K1", "K2", "K3", "K4"}) {
                int last = -1;
                for (String s : seen) {
                    if (s.startsWith(k + ":")) {
                        int i = Integer.parseInt(s.substring(3));
                        assertTrue(i >= last, k + " out of order: " + i + " after " + last);
                        last = i;
                    }
                }
            }
            assertTrue(first.maxParallel >= 1);
        } finally {
            TestEngine.deleteTree(java.nio.file.Path.of(dataDir));
        }
    }

    /**
     * Outcomes are recorded without the worker waiting for each commit (other keys are sent meanwhile), yet when an
     * entry is sent, every earlier entry of its ordering key is committed DONE with its attempt row and its audit
     * outcome record: checked by the destination itself, on a read connection, at each delivery.
     */
    @Test
    void eachOutcomeIsCommittedAndAuditedBeforeTheNextEntryOfItsKeyIsSent() throws Exception {
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TestEngine e = start(Map.of())) {
            org.radbridge.store.Db db = e.app().engine().context().db();
            Destination checking = new Destination() {
                @Override
                public String name() {
                    return "committed";
                }

                @Override
                public DeliveryResult deliver(OutboxEntry entry) {
                    long[] before = db.read(c -> org.radbridge.store.Tx.query(c, "SELECT "
                            + "(SELECT count(*) FROM outbox WHERE destination='committed' AND ordering_key=? AND id<?), "
                            + "(SELECT count(*) FROM outbox o WHERE destination='committed' AND ordering_key=? AND id<? AND state='DONE' "
                            + "AND EXISTS (SELECT 1 FROM outbox_attempts a WHERE a.outbox_id=o.id AND a.outcome='DELIVERED') "
                            + "AND EXISTS (SELECT 1 FROM audit_events x WHERE x.type='TRANSMISSION_OUTCOME' AND x.object_type='outbox-entry' "
                            + "AND x.object_id=" + (db.dialect() == org.radbridge.store.Dialect.POSTGRESQL ? "o.id::text" : "CAST(o.id AS TEXT)")
                            + "))", rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                            entry.orderingKey(), entry.id(), entry.orderingKey(), entry.id()).get(0));
                    if (before[0] != before[1]) {
                        violations.add(entry.payloadText() + ": " + (before[0] - before[1]) + " earlier entries of its key not committed");
                    }
                    delivered.add(entry.payloadText());
                    return DeliveryResult.delivered("ok");
                }
            };
            e.app().engine().context().workers().register(checking);
            assertEquals(200, e.post("/api/destinations/committed/pause", null).statusCode());
            Outbox outbox = e.app().engine().context().outbox();
            outbox.db().writeAndWait(tx -> {
                for (int i = 0; i < 25; i++) {
                    for (int k = 0; k < 24; k++) {
                        outbox.enqueue(tx, null, NewEntry.text("committed", "K" + k, "test", "text/plain", "K" + k + ":" + i, null));
                    }
                }
                return null;
            });
            assertEquals(200, e.post("/api/destinations/committed/resume", null).statusCode());
            await("600 delivered", () -> delivered.size() == 600);
            assertEquals(List.of(), violations);
            for (int k = 0; k < 24; k++) {
                String key = "K" + k + ":";
                List<String> mine = delivered.stream().filter(s -> s.startsWith(key)).toList();
                for (int i = 0; i < 25; i++) {
                    assertEquals(key + i, mine.get(i), "order of " + key);
                }
            }
            await("all DONE", () -> entries(e, "committed").stream().allMatch(x -> OutboxEntry.DONE.equals(x.state())));
        }
    }
}
