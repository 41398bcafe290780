package org.radbridge.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a command runs a dry-run engine (explain, replay --expect), its start-up INFO lines (migrations of the
 * scratch database, "file outbox /tmp/...", the peers.enforce notice) would only mislead: warnings and errors of the
 * flows still go to standard error. The previous levels come back on {@link #close}.
 */
final class QuietLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger engine = (Logger) LoggerFactory.getLogger("org.radbridge.app.Engine");
    private final Logger camelMain = (Logger) LoggerFactory.getLogger("org.apache.camel.main");
    private final Level rootLevel = root.getLevel();
    private final Level engineLevel = engine.getLevel();
    private final Level camelMainLevel = camelMain.getLevel();

    QuietLogs(boolean quiet) {
        if (quiet) {
            root.setLevel(Level.WARN);
            engine.setLevel(Level.ERROR);
            camelMain.setLevel(Level.WARN);
        }
    }

    @Override
    public void close() {
        root.setLevel(rootLevel);
        engine.setLevel(engineLevel);
        camelMain.setLevel(camelMainLevel);
    }
}
