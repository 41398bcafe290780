package org.radbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.radbridge.store.Tx;

/**
 * {@link SecurityAlerts}: the first alert of a kind from a peer is recorded at once, its repeats within the interval
 * become one summary record; other peers, kinds and records are independent; interval 0 records everything.
 */
class SecurityAlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final class Recorded implements AuditTrail {
        final List<AuditEvent> events = new ArrayList<>();

        @Override
        public void record(Tx tx, AuditEvent e) {
            events.add(e);
        }

        @Override
        public synchronized void record(AuditEvent e) {
            events.add(e);
        }
    }

    static AuditEvent handshake(String address, String listener) {
        return AuditEvents.securityAlert(AuditEvents.TLS_HANDSHAKE_FAILED, null, address, "listener", listener, true,
                "no cipher suites in common", null);
    }

    static JsonNode detail(AuditEvent e) throws Exception {
        return JSON.readTree(e.detail());
    }

    @Test
    void aCipherScanIsOneRecordAndOneSummaryPerInterval() throws Exception {
        Recorded trail = new Recorded();
        AtomicLong now = new AtomicLong(1_000_000);
        SecurityAlerts alerts = new SecurityAlerts(trail, 60_000, now::get, false);
        for (int i = 0; i < 278; i++) {
            alerts.record(handshake("/10.1.2.3:" + (40000 + i), "mllp-tls"));
            now.addAndGet(100);
        }
        assertEquals(1, trail.events.size(), "only the first is recorded during the interval");
        alerts.flush();
        assertEquals(1, trail.events.size(), "the interval has not ended");
        now.addAndGet(60_000);
        alerts.flush();
        assertEquals(2, trail.events.size());
        AuditEvent summary = trail.events.get(1);
        JsonNode d = detail(summary);
        assertEquals(AuditEvent.SECURITY_ALERT, summary.type());
        assertEquals("tls-handshake-failed", d.path("alert").asText());
        assertEquals(277, d.path("repeats").asLong());
        assertEquals("277 more failed TLS handshakes from 10.1.2.3 in 60 s", d.path("reason").asText());
        assertEquals("10.1.2.3", summary.source());
        assertEquals("mllp-tls", summary.objectId());
        // the next one after the interval is recorded at once again
        alerts.record(handshake("/10.1.2.3:50000", "mllp-tls"));
        assertEquals(3, trail.events.size());
        alerts.close();
        assertEquals(3, trail.events.size(), "nothing pending, no summary at close");
    }

    @Test
    void peersKindsAndObjectTypesAreSeparateAndOtherRecordsPassThrough() throws Exception {
        Recorded trail = new Recorded();
        AtomicLong now = new AtomicLong(0);
        SecurityAlerts alerts = new SecurityAlerts(trail, 60_000, now::get, false);
        alerts.record(handshake("/10.0.0.1:1", "mllp-tls"));
        alerts.record(handshake("/10.0.0.2:1", "mllp-tls"));
        alerts.record(handshake("10.0.0.1", "dicom-tls"));
        alerts.record(AuditEvents.securityAlert(AuditEvents.MISSING_TOKEN, null, "/10.0.0.1:5", "api", "GET /api/outbox", true,
                "no bearer token", null));
        alerts.record(AuditEvents.securityAlert(AuditEvents.UNKNOWN_PEER_REFUSED, "CT9", "10.0.0.1", "dicom-association", "X",
                true, "unknown", null));
        alerts.record(AuditEvents.securityAlert(AuditEvents.UNKNOWN_PEER_REFUSED, "CT9", "10.0.0.1", "dicom-association", "X",
                true, "unknown", null));
        alerts.record(AuditEvents.apiAccess("p", "/10.0.0.1:5", "GET", "/api/outbox", 200, null));
        assertEquals(7, trail.events.size(), "distinct peers/kinds first records, unaggregated kinds and other records");
        // the same peer on the same listener (another port, the same address)
        alerts.record(handshake("/10.0.0.1:2", "mllp-tls"));
        alerts.record(handshake("/10.0.0.1:3", "mllp-tls"));
        assertEquals(7, trail.events.size());
        // the summary of an ended interval is written before the next first record, when no flush ran
        now.addAndGet(61_000);
        alerts.record(handshake("/10.0.0.1:4", "mllp-tls"));
        assertEquals(9, trail.events.size());
        assertEquals(2, detail(trail.events.get(7)).path("repeats").asLong());
        assertTrue(detail(trail.events.get(7)).path("summary").asBoolean());
        assertEquals("tls-handshake-failed", detail(trail.events.get(8)).path("alert").asText());
        assertTrue(detail(trail.events.get(8)).path("repeats").isMissingNode());
    }

    @Test
    void pendingSummariesAreWrittenAtCloseAndIntervalZeroRecordsEverything() throws Exception {
        Recorded trail = new Recorded();
        AtomicLong now = new AtomicLong(0);
        SecurityAlerts alerts = new SecurityAlerts(trail, 60_000, now::get, false);
        for (int i = 0; i < 5; i++) {
            alerts.record(AuditEvents.securityAlert(AuditEvents.INVALID_TOKEN, null, "/[0:0:0:0:0:0:0:1]:" + (1000 + i), "api",
                    "GET /api/audit", true, "the token is not valid", null));
        }
        now.addAndGet(10_000);
        alerts.close();
        assertEquals(2, trail.events.size());
        JsonNode d = detail(trail.events.get(1));
        assertEquals(4, d.path("repeats").asLong());
        assertEquals("4 more calls with an invalid token from 0:0:0:0:0:0:0:1 in 10 s", d.path("reason").asText());

        Recorded all = new Recorded();
        SecurityAlerts off = new SecurityAlerts(all, 0, now::get, false);
        for (int i = 0; i < 5; i++) {
            off.record(handshake("/10.0.0.1:1", "mllp-tls"));
        }
        assertEquals(5, all.events.size());
    }

    @Test
    void hostsAreTakenFromEveryAddressForm() {
        assertEquals("10.0.0.1", SecurityAlerts.host("/10.0.0.1:4711"));
        assertEquals("10.0.0.1", SecurityAlerts.host("modality.example/10.0.0.1:4711"));
        assertEquals("10.0.0.1", SecurityAlerts.host("10.0.0.1"));
        assertEquals("::1", SecurityAlerts.host("/[::1]:4711"));
        assertEquals("0:0:0:0:0:0:0:1", SecurityAlerts.host("0:0:0:0:0:0:0:1"));
        assertEquals("unknown", SecurityAlerts.host(null));
    }
}
