package org.radbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.metrics.Metrics;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Db;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestCertificates;
import org.radbridge.testing.TestEngine;

/**
 * Every rule kind of docs/alerts.md against a real SQLite database (journal and outbox rows as the engine writes
 * them), the real data-directory file store and a real PKCS#12 key store; the engine's fire / repeat / resolve
 * sequence with explicit clock values; and the rule file's checks.
 */
class AlertRulesTest {

    private Path dir;
    private TestCertificates certs;
    private Db db;
    private JdbcAuditTrail audit;
    private final List<Notice> sent = new ArrayList<>();
    private final AtomicReference<String> chain = new AtomicReference<>();

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("alert-rules");
        db = Db.open(new Db.Config("", null, null, dir, "NORMAL", 2, 64));
        audit = new JdbcAuditTrail(db, "k".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        db.close();
        TestEngine.deleteTree(dir);
    }

    private AlertEngine engine(String yaml) throws Exception {
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("alerts.yaml"), yaml);
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), overlay);
        List<AlertRule> rules = AlertRules.load(m);
        if (certs == null) {
            certs = TestCertificates.generate(dir.resolve("pki"));
        }
        Probes p = new Probes(new Probes.Sources(db, new Outbox(db), Hl7Peers.load(m), chain::get, dir, certs.serverKeystore(),
                TestCertificates.PASSWORD));
        Notifier rec = new Notifier() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public void send(Notice n) {
                sent.add(n);
            }
        };
        return new AlertEngine(rules, p, List.of(rec), audit, new Metrics(), "test");
    }

    private void message(long at, String sender, String ack, String state) {
        db.writeAndWait(tx -> tx.update("INSERT INTO messages (received_at, channel, sender, state, ack_code) VALUES (?,?,?,?,?)",
                at, "mllp", sender, state, ack));
    }

    private List<String> events() {
        return sent.stream().map(n -> n.event() + " " + n.alert().key()).toList();
    }

    @Test
    void fireOnceRepeatAtTheIntervalResolve() throws Exception {
        AlertEngine e = engine("""
                rules:
                  - {name: dead, kind: dead-letter, severity: critical, repeat-seconds: 60}
                """);
        long t = System.currentTimeMillis();
        e.evaluate(t);
        assertTrue(sent.isEmpty());
        Outbox o = new Outbox(db);
        long id = db.writeAndWait(tx -> o.enqueue(tx, null, NewEntry.text("emr", "p1", "hl7", "x-application/hl7-v2+er7", "MSH|", "C1")));
        db.writeAndWait(tx -> tx.update("UPDATE outbox SET state='DEAD' WHERE id=?", id));
        e.evaluate(t + 1000);
        e.evaluate(t + 30_000);
        assertEquals(List.of("fire dead/emr"), events());
        assertEquals(1, e.active().size());
        e.evaluate(t + 61_000);
        assertEquals(List.of("fire dead/emr", "repeat dead/emr"), events());
        e.evaluate(t + 62_000);
        db.writeAndWait(tx -> o.skip(tx, id));
        e.evaluate(t + 63_000);
        assertEquals(List.of("fire dead/emr", "repeat dead/emr", "resolve dead/emr"), events());
        assertTrue(e.active().isEmpty());
        List<String> audited = audit.list(null, AuditEvent.ALERT, null, null, 10).stream().map(s -> s.event().detail()).toList();
        assertEquals(2, audited.size(), audited.toString());
        assertTrue(audited.get(0).contains("\"event\":\"fire\"") && audited.get(0).contains("\"subject\":\"emr\""), audited.toString());
        assertTrue(audited.get(1).contains("\"event\":\"resolve\""), audited.toString());
    }

    @Test
    void everyKindFindsItsCondition() throws Exception {
        AlertEngine e = engine("""
                defaults: {notify: [webhook]}
                rules:
                  - {name: paused, kind: destination-paused}
                  - {name: age, kind: outbox-age, max-age-minutes: 30}
                  - {name: errors, kind: error-rate, window-minutes: 15, max-percent: 20, min-messages: 4}
                  - {name: silent, kind: peer-silent, silent-minutes: 60, peers: [demo-ris],
                     working-hours: {days: [MON, TUE, WED, THU, FRI, SAT, SUN], from: "00:00", to: "00:00", zone: UTC}}
                  - {name: chain, kind: audit-chain, severity: critical}
                  - {name: disk, kind: storage, min-free-mb: 1000000000000}
                  - {name: cert, kind: certificate-expiring, days: 30}
                """);
        long now = System.currentTimeMillis();
        e.evaluate(now);
        // nothing paused, no outbox, no messages at all (below min-messages), chain fine; the peer is silent,
        // the disk is "nearly full" against an absurd limit, the test certificate (2 days) expires within 30 days
        assertEquals(List.of("fire silent/demo-ris", "fire disk/data-dir", "fire cert/server"), events().stream()
                .map(s -> s.replaceAll("(cert/server):.*", "$1")).toList());

        Outbox o = new Outbox(db);
        db.writeAndWait(tx -> {
            o.pause(tx, "fhir", true, "test", "admin");
            o.enqueue(tx, null, NewEntry.text("emr", "p1", "hl7", "text/plain", "MSH|", "C2"));
            return tx.update("UPDATE outbox SET created_at=?", now - 31 * 60_000);
        });
        message(now - 60_000, "DEMO_RIS|HOSP", "AA", "PROCESSED");
        message(now - 50_000, "DEMO_RIS|HOSP", "AE", "REFUSED");
        message(now - 40_000, "DEMO_RIS|HOSP", "AA", "FAILED");
        message(now - 30_000, "DEMO_RIS|HOSP", "AA", "PROCESSED");
        chain.set("record 17 was altered");
        sent.clear();
        e.evaluate(now + 1000);
        List<String> ev = events();
        assertTrue(ev.contains("fire paused/fhir"), ev.toString());
        assertTrue(ev.contains("fire age/emr"), ev.toString());
        assertTrue(ev.contains("fire errors/intake"), ev.toString());
        assertTrue(ev.contains("resolve silent/demo-ris"), ev.toString());
        assertTrue(ev.contains("fire chain/audit-trail"), ev.toString());
        String errDetail = e.active().stream().filter(a -> a.rule().name().equals("errors")).findFirst().orElseThrow().detail();
        assertTrue(errDetail.startsWith("50.0% of 4 messages"), errDetail);
    }

    @Test
    void aFailingNotifierDoesNotStopTheOthers() throws Exception {
        Path overlay = Files.createDirectories(dir.resolve("overlay2"));
        Files.writeString(overlay.resolve("alerts.yaml"), "rules:\n  - {name: chain, kind: audit-chain, notify: [webhook, email]}\n");
        Mappings m = new Mappings(null, overlay);
        Probes p = new Probes(new Probes.Sources(db, new Outbox(db), Hl7Peers.load(m), chain::get, dir, null, null));
        List<String> mails = new ArrayList<>();
        Notifier broken = new Notifier() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public void send(Notice n) throws Exception {
                throw new java.io.IOException("connection refused");
            }
        };
        Notifier mail = new Notifier() {
            @Override
            public String name() {
                return "email";
            }

            @Override
            public void send(Notice n) {
                mails.add(n.event());
            }
        };
        Metrics metrics = new Metrics();
        AlertEngine e = new AlertEngine(AlertRules.load(m), p, List.of(broken, mail), audit, metrics, "test");
        chain.set("record 3 was altered");
        e.evaluate(1_000);
        chain.set(null);
        e.evaluate(2_000);
        assertEquals(List.of("fire", "resolve"), mails);
        assertEquals(2, metrics.counterValue("radbridge_alert_notifications_total", "notifier", "webhook", "outcome", "failed"));
        assertEquals(2, metrics.counterValue("radbridge_alert_notifications_total", "notifier", "email", "outcome", "sent"));
    }

    @Test
    void badRuleFilesStopStartupNamingTheRule() throws Exception {
        MappingException x = assertThrows(MappingException.class, () -> engine("rules:\n  - {name: a, kind: disk-full}\n"));
        assertTrue(x.getMessage().contains("rule a: kind must be one of"), x.getMessage());
        x = assertThrows(MappingException.class, () -> engine("rules:\n  - {name: b, kind: outbox-age}\n"));
        assertTrue(x.getMessage().contains("rule b (outbox-age): max-age-minutes must be a positive number"), x.getMessage());
        x = assertThrows(MappingException.class, () -> engine("rules:\n  - {name: c, kind: dead-letter, notify: [pager]}\n"));
        assertTrue(x.getMessage().contains("c: notify entries must be among"), x.getMessage());
        x = assertThrows(MappingException.class, () -> engine("rules:\n  - {name: d, kind: peer-silent, silent-minutes: 5, "
                + "working-hours: {days: [XX]}}\n"));
        assertTrue(x.getMessage().contains("rule d: working-hours: days must be MON ... SUN"), x.getMessage());
    }

    @Test
    void shippedRuleFileLoads() {
        List<AlertRule> rules = AlertRules.load(new Mappings(ProjectPaths.project().resolve("mappings"), null));
        assertEquals(List.of("dead-letter", "destination-paused", "outbox-age", "error-rate", "audit-chain", "storage",
                "certificate-expiring"), rules.stream().map(AlertRule::kind).toList());
    }
}
