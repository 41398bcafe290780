package org.radbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.TestEngine;

/**
 * An alert end to end on the real engine with real peers: a paused destination fires the destination-paused rule
 * once (an e-mail arrives in GreenMail over SMTP with AUTH, the webhook receives JSON with the bearer token, a
 * RFC 5424 line arrives on a UDP socket), GET /api/alerts and radbridge_alerts_active show it, it is notified again
 * after repeat-seconds and not before, and resuming the destination resolves it (notified on all three); fire and
 * resolve are in the audit trail.
 */
class AlertsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pausedDestinationFiresRepeatsAndResolves() throws Exception {
        Path overlay = Files.createTempDirectory("alerts-overlay");
        Files.writeString(overlay.resolve("alerts.yaml"), """
                defaults:
                  repeat-seconds: 3600
                  notify: [webhook, email, syslog]
                rules:
                  - name: paused
                    kind: destination-paused
                    severity: warning
                    repeat-seconds: 4
                """);
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP) /* port 0: read back below */);
        mail.setUser("oncall@example.org", "alerts", "smtp-secret");
        mail.start();
        List<String> hooks = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", x -> {
            auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            hooks.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        hook.start();
        List<String> syslog = new CopyOnWriteArrayList<>();
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread rx = new Thread(() -> {
            byte[] buf = new byte[8192];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    syslog.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        rx.setDaemon(true);
        rx.start();
        try (TestEngine e = TestEngine.start(Map.ofEntries(
                Map.entry("radbridge.mappings.overlay-dir", overlay.toString()),
                Map.entry("radbridge.alerts.interval-seconds", "1"),
                Map.entry("radbridge.alerts.webhook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"),
                Map.entry("radbridge.alerts.webhook.token", "hook-token"),
                Map.entry("radbridge.alerts.smtp.host", "127.0.0.1"),
                Map.entry("radbridge.alerts.smtp.port", String.valueOf(mail.getSmtp().getPort())),
                Map.entry("radbridge.alerts.smtp.security", "none"),
                Map.entry("radbridge.alerts.smtp.user", "alerts"),
                Map.entry("radbridge.alerts.smtp.password", "smtp-secret"),
                Map.entry("radbridge.alerts.smtp.to", "oncall@example.org"),
                Map.entry("radbridge.alerts.syslog.host", "127.0.0.1"),
                Map.entry("radbridge.alerts.syslog.port", String.valueOf(udp.getLocalPort()))))) {
            assertEquals(0, JSON.readTree(e.get("/api/alerts").body()).path("alerts").size());
            assertEquals(200, e.post("/api/destinations/emr/pause", "").statusCode());

            await("fire notified by webhook, e-mail and syslog", () -> hooks.size() >= 1 && mail.getReceivedMessages().length >= 1
                    && syslog.size() >= 1);
            JsonNode fire = JSON.readTree(hooks.get(0));
            assertEquals("fire", fire.path("event").asText());
            assertEquals("paused", fire.path("rule").asText());
            assertEquals("destination-paused", fire.path("kind").asText());
            assertEquals("emr", fire.path("subject").asText());
            assertEquals("Bearer hook-token", auth.get(0));
            MimeMessage m = mail.getReceivedMessages()[0];
            assertTrue(m.getSubject().contains("[FIRE] warning paused emr"), m.getSubject());
            assertEquals("oncall@example.org", m.getAllRecipients()[0].toString());
            String line = syslog.get(0);
            assertTrue(line.matches("<132>1 \\S+ \\S+ radbridge \\d+ ALERT - \\[FIRE\\] warning paused emr: destination paused.*"), line);

            JsonNode active = JSON.readTree(e.get("/api/alerts").body()).path("alerts");
            assertEquals(1, active.size());
            assertEquals("paused", active.get(0).path("rule").asText());
            assertEquals("warning", active.get(0).path("severity").asText());
            assertEquals("emr", active.get(0).path("subject").asText());
            assertTrue(active.get(0).path("detail").asText().startsWith("destination paused"));
            Instant.parse(active.get(0).path("since").asText());
            Instant.parse(active.get(0).path("lastNotified").asText());
            assertTrue(e.get("/metrics").body().contains("radbridge_alerts_active{severity=\"warning\"} 1"));
            assertEquals(401, e.request("GET", "/api/alerts", null, null).statusCode());

            await("repeat after repeat-seconds", () -> hooks.size() >= 2);
            JsonNode repeat = JSON.readTree(hooks.get(1));
            assertEquals("repeat", repeat.path("event").asText());
            long gap = Instant.parse(repeat.path("at").asText()).toEpochMilli() - Instant.parse(fire.path("at").asText()).toEpochMilli();
            assertTrue(gap >= 4000, "repeated after " + gap + " ms, repeat-seconds is 4");
            assertEquals(fire.path("since").asText(), repeat.path("since").asText());

            assertEquals(200, e.post("/api/destinations/emr/resume", "").statusCode());
            await("resolve notified", () -> hooks.stream().anyMatch(h -> h.contains("\"resolve\""))
                    && syslog.stream().anyMatch(s -> s.contains("[RESOLVE]")) && mail.getReceivedMessages().length >= 3);
            long fires = hooks.stream().filter(h -> h.contains("\"event\":\"fire\"")).count();
            assertEquals(1, fires, "fired once: " + hooks);
            assertTrue(syslog.stream().anyMatch(s -> s.startsWith("<133>1 ") && s.contains("[RESOLVE] warning paused emr")), syslog.toString());
            assertTrue(mail.getReceivedMessages()[mail.getReceivedMessages().length - 1].getSubject().contains("[RESOLVE]"));
            assertEquals(0, JSON.readTree(e.get("/api/alerts").body()).path("alerts").size());

            JsonNode audit = JSON.readTree(e.get("/api/audit?type=ALERT").body());
            assertEquals(2, audit.size(), audit.toString());
            assertTrue(audit.toString().contains("\\\"event\\\":\\\"fire\\\""), audit.toString());
            assertTrue(audit.toString().contains("\\\"event\\\":\\\"resolve\\\""), audit.toString());
            for (JsonNode a : audit) {
                assertEquals("paused/emr", a.path("objectId").asText());
            }
        } finally {
            udp.close();
            hook.stop(0);
            mail.stop();
        }
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        org.radbridge.testing.Waits.until(what, java.time.Duration.ofSeconds(60), cond::getAsBoolean);
    }
}
