package org.radbridge.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The rate-limited log: once with the stack trace, then one line per interval with the count, one on recovery. */
class RateLimitedLogTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final Logger logger = (Logger) LoggerFactory.getLogger("test.RateLimitedLog");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    RateLimitedLog log;

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, 60_000, now::get);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aFailureEpisodeIsOneErrorWithTraceThenOneWarnPerIntervalThenOneRecovery() {
        RuntimeException cause = new IllegalStateException("disk full");
        for (int i = 0; i < 1_000; i++) {
            log.failure("db", cause, "write failed: {}", "disk full");
            now.addAndGet(10); // 1,000 failures in 10 s
        }
        assertEquals(1, lines.list.size());
        ILoggingEvent first = lines.list.get(0);
        assertEquals(Level.ERROR, first.getLevel());
        assertNotNull(first.getThrowableProxy(), "the first carries the stack trace");
        now.addAndGet(60_000);
        assertTrue(log.failure("db", cause, "write failed: {}", "disk full"));
        ILoggingEvent second = lines.list.get(1);
        assertEquals(Level.WARN, second.getLevel());
        assertNull(second.getThrowableProxy());
        assertTrue(second.getFormattedMessage().contains("999 more since the last report"), second.getFormattedMessage());
        assertTrue(log.failing("db"));
        log.recovered("db", "writes work again");
        log.recovered("db", "writes work again");
        assertEquals(3, lines.list.size(), "recovery logged once");
        assertEquals(Level.INFO, lines.list.get(2).getLevel());
        assertTrue(lines.list.get(2).getFormattedMessage().contains("1001 failures"), lines.list.get(2).getFormattedMessage());
        assertFalse(log.failing("db"));
        log.failure("db", cause, "write failed: {}", "again");
        assertEquals(Level.ERROR, lines.list.get(3).getLevel(), "a new episode starts with the trace again");
    }

    @Test
    void eventsAreOneLinePerIntervalAndKind() {
        for (int i = 0; i < 300; i++) {
            log.event("handshake", RateLimitedLog.Level.INFO, "handshake with {} failed", "10.0.0." + i);
            log.event("other", RateLimitedLog.Level.INFO, "other {}", i);
        }
        assertEquals(2, lines.list.size());
        now.addAndGet(60_000);
        log.event("handshake", RateLimitedLog.Level.INFO, "handshake with {} failed", "10.0.0.9");
        assertTrue(lines.list.get(2).getFormattedMessage().contains("299 more like this"), lines.list.get(2).getFormattedMessage());
        assertEquals(301, log.count("handshake"));
    }

    @Test
    void kindsAreBounded() {
        for (int i = 0; i < 10_000; i++) {
            log.event("kind-" + i, RateLimitedLog.Level.INFO, "event {}", i);
        }
        assertEquals(RateLimitedLog.MAX_KINDS + 1, lines.list.size(), "the kinds beyond the bound share one");
    }
}
