package org.radbridge.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the group-commit writer can store, for /health and the log. A run of failed batches (disk full,
 * database gone...) is one episode: its first failure, and each new kind of failure within it, is logged
 * once with the stack trace; while it lasts a one-line reminder is logged at most once a minute; the first
 * successful commit ends it (logged once). The writer thread reports; any thread reads.
 */
final class WriterHealth {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long REMIND_MILLIS = 60_000;
    private static final int MAX_KINDS = 8;

    /** A failure episode: what failed first and last, since when, how many batches. */
    private record Episode(String last, long since, long failures) {
    }

    private volatile Episode current;
    private volatile String lastRecovered;
    private final Set<String> kindsLogged = new HashSet<>();
    private long lastReminder;

    /** A batch failed: {@code what} is the step ("commit failed"), {@code cause} the error. Writer thread. */
    void failed(String what, Throwable cause) {
        long now = System.currentTimeMillis();
        String text = what + ": " + StorageErrors.describe(cause);
        Episode e = current;
        if (e == null) {
            kindsLogged.clear();
            kindsLogged.add(text);
            lastReminder = now;
            current = new Episode(text, now, 1);
            LOG.error("database writes failing ({}); messages are answered AR and nothing is acknowledged until a commit "
                    + "succeeds again", text, cause);
            return;
        }
        current = new Episode(text, e.since(), e.failures() + 1);
        if (kindsLogged.size() < MAX_KINDS && kindsLogged.add(text)) {
            LOG.error("database writes still failing, now: {}", text, cause);
        } else if (now - lastReminder >= REMIND_MILLIS) {
            lastReminder = now;
            LOG.warn("database writes failing since {}: {} batches failed, last: {}", Instant.ofEpochMilli(e.since()),
                    e.failures() + 1, text);
        } else {
            LOG.debug("database write failed: {}", text);
        }
    }

    /** A batch committed. Writer thread. */
    void committed() {
        Episode e = current;
        if (e != null) {
            current = null;
            long secs = (System.currentTimeMillis() - e.since()) / 1000;
            lastRecovered = "recovered at " + Instant.now() + " from " + e.last() + " (" + e.failures()
                    + " failed batches since " + Instant.ofEpochMilli(e.since()) + ")";
            LOG.info("database writes work again after {} failed batches in {} s (last error: {})", e.failures(), secs, e.last());
        }
    }

    /** Why the writer cannot store now, or null. */
    String problem() {
        Episode e = current;
        return e == null ? null : e.last() + " since " + Instant.ofEpochMilli(e.since()) + " (" + e.failures() + " failed batches)";
    }

    /** The end of the last episode, or null if there was none. */
    String lastRecovered() {
        return lastRecovered;
    }
}
