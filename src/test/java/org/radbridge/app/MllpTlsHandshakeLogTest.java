package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;
import org.slf4j.LoggerFactory;

/**
 * Issue 11 (bounded logging): a cipher scan against the MLLP TLS listener — here 100 connections that fail the
 * handshake — writes at most a couple of log lines for the listener (the first failure, then one line a minute
 * with how many more), not one line per handshake. The audit rows are aggregated by audit.SecurityAlerts
 * (TlsHandshakeAlertsTest).
 */
class MllpTlsHandshakeLogTest {

    static final int ATTEMPTS = 100;

    @TempDir
    Path tmp;

    @Test
    void aCipherScanIsAFewLogLinesNotOnePerHandshake() throws Exception {
        TestPki pki = TestPki.create(tmp.resolve("ca"), "radbridge-test-ca");
        pki.issue("engine", "radbridge", true);
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.mllp.tls.port", "0");
        p.put("radbridge.tls.keystore", pki.p12("engine").toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.truststore", TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem()).toString());
        p.put("radbridge.tls.truststore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.client-auth", "need");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(MllpTlsInitializer.class);
        logs.start();
        logger.addAppender(logs);
        try (TestEngine e = TestEngine.start(p)) {
            int port = e.mllpTlsPort();
            for (int i = 0; i < ATTEMPTS; i++) {
                TlsHandshakeAlertsTest.garbage(port);
            }
            List<ILoggingEvent> lines = List.copyOf(logs.list).stream()
                    .filter(ev -> ev.getFormattedMessage().contains("TLS handshake")).toList();
            assertTrue(!lines.isEmpty(), "the first failed handshake is logged");
            assertTrue(lines.size() <= 2, () -> lines.size() + " lines for " + ATTEMPTS + " failed handshakes:\n"
                    + lines.stream().map(ILoggingEvent::getFormattedMessage).limit(20).collect(Collectors.joining("\n")));
        } finally {
            logger.detachAppender(logs);
        }
    }
}
