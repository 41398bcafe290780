package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;

/**
 * Issue 11 item 11: a scanner's failed TLS handshakes on the MLLP and DICOM TLS listeners (one cipher scan wrote
 * 278 audit records) are recorded per peer and listener as the first failure plus one summary record per interval
 * (radbridge.audit.security-alert-interval-seconds) that counts the rest — no failure goes uncounted.
 */
class TlsHandshakeAlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 30;

    @TempDir
    Path tmp;

    /** A client that speaks no TLS on a TLS port: the server's handshake fails. */
    static void garbage(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                while (s.getInputStream().read() >= 0) {
                    // until the server closes
                }
            } catch (IOException closed) {
                // reset: closed
            }
        }
    }

    @Test
    void repeatedHandshakeFailuresFromOnePeerAreAFewRecordsThatCountThemAll() throws Exception {
        TestPki pki = TestPki.create(tmp.resolve("ca"), "radbridge-test-ca");
        pki.issue("engine", "radbridge", true);
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.mllp.tls.port", "0");
        p.put("radbridge.dicom.tls.port", "0");
        p.put("radbridge.tls.keystore", pki.p12("engine").toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.truststore", TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem()).toString());
        p.put("radbridge.tls.truststore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.client-auth", "need");
        p.put("radbridge.audit.security-alert-interval-seconds", "3");
        try (TestEngine e = TestEngine.start(p)) {
            for (int i = 0; i < ATTEMPTS; i++) {
                garbage(e.mllpTlsPort());
                garbage(e.dicomTlsPort());
            }
            for (String listener : List.of("mllp-tls", "dicom-tls")) {
                long end = System.currentTimeMillis() + 30_000;
                long represented;
                List<JdbcAuditTrail.Stored> rows;
                do {
                    Thread.sleep(200);
                    rows = ((JdbcAuditTrail) e.app().engine().context().audit()).list(null, AuditEvent.SECURITY_ALERT, null, null, 10_000)
                            .stream().filter(s -> s.event().detail().contains("tls-handshake-failed")
                                    && listener.equals(s.event().objectId())).toList();
                    represented = 0;
                    for (JdbcAuditTrail.Stored s : rows) {
                        JsonNode d = JSON.readTree(s.event().detail());
                        represented += d.path("summary").asBoolean() ? d.path("repeats").asLong() : 1;
                    }
                } while (represented < ATTEMPTS && System.currentTimeMillis() < end);
                assertEquals(ATTEMPTS, represented, listener + ": every failure is counted: " + rows);
                assertTrue(rows.size() <= 6, listener + ": a few records, not one per failure: " + rows.size());
                assertTrue(rows.stream().anyMatch(s -> s.event().detail().contains("more failed TLS handshakes from 127.0.0.1")),
                        listener + ": a summary record: " + rows);
            }
        }
    }
}
