package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.mllp.MllpClient;
import org.radbridge.store.Db;
import org.radbridge.testing.FaultyConnection;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import org.slf4j.LoggerFactory;

/**
 * No log storm while storage fails (issue 11, "log an infrastructure failure once at the boundary"): the real
 * engine with its writer's connections failing as on a full disk, outbox workers polling every 50 ms and 40
 * messages sent (each answered AR): over those seconds the whole log holds only a handful of WARN/ERROR lines
 * (the writer, the journal, the outbox workers, the audit checkpointer: each once, with its stack trace), not
 * one per message or per poll. When the disk has room again the journal says so once.
 */
class StorageFailureLogTest {

    static final int MESSAGES = 40;
    static final int MAX_LINES = 8; // 4 today: writer (2 kinds), journal, outbox workers

    @TempDir
    Path tmp;

    @Test
    void storageFailureIsLoggedOnceThenRateLimited() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        String url = Db.embeddedUrl(data);
        FaultyConnection.Faults faults = new FaultyConnection.Faults();
        Db.wrapWriterConnections(url, faults::wrap);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (TestEngine e = TestEngine.start(Map.of("radbridge.data-dir", data.toString(), "radbridge.db.url", url,
                "radbridge.outbox.poll-ms", "50", "radbridge.worklist.export-dir", tmp.resolve("wl").toString()));
                MllpClient client = e.client()) {
            assertEquals("AA", code(client, 0), "stored before the disk fills");
            logs.start();
            root.addAppender(logs);
            faults.diskFull(true);
            long t0 = System.nanoTime();
            for (int i = 1; i <= MESSAGES; i++) {
                assertEquals("AR", code(client, i), "answered AR while the disk is full");
                Thread.sleep(50); // paces the sender during the outage
            }
            // a few seconds of failure in all: the workers keep polling meanwhile
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4)) {
                Thread.sleep(100); // the outage lasts 4 s (time is the input: the workers poll meanwhile)
            }
            List<ILoggingEvent> loud = List.copyOf(logs.list).stream()
                    .filter(ev -> ev.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertTrue(loud.size() <= MAX_LINES, () -> loud.size() + " WARN/ERROR lines in 4 s of failure:\n"
                    + loud.stream().map(ev -> ev.getLevel() + " " + ev.getLoggerName() + ": " + ev.getFormattedMessage())
                            .collect(Collectors.joining("\n")));
            assertTrue(loud.stream().anyMatch(ev -> ev.getLevel() == Level.ERROR && ev.getThrowableProxy() != null),
                    "the failure is logged once with its stack trace");
            faults.diskFull(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String code = code(client, MESSAGES + 1);
            for (int i = MESSAGES + 2; !"AA".equals(code) && System.nanoTime() < deadline; i++) {
                Thread.sleep(100);
                code = code(client, i);
            }
            assertEquals("AA", code, "stored again once the disk has room");
            assertTrue(List.copyOf(logs.list).stream().anyMatch(ev -> ev.getLevel() == Level.INFO
                    && ev.getFormattedMessage().startsWith("journal available again")), "the recovery is logged once");
        } finally {
            root.detachAppender(logs);
            Db.wrapWriterConnections(url, null);
        }
    }

    static String code(MllpClient client, int i) throws Exception {
        String ack = new String(client.exchange(StorageFaultInjectionTest.order(1000 + i).getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        return Hl7Text.field(ack, "MSA", 1);
    }
}
