package org.radbridge.log;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A log that cannot storm (docs/security.md §2, "bounded logging"): repeated events of one kind are written at
 * most once per interval, each line saying how many more there were since the last one.
 *
 * <ul>
 * <li>{@link #failure}: an infrastructure failure (database, disk...). The first of an episode is logged at ERROR
 * with its stack trace; while the episode lasts, at most one WARN per interval ("N more since ..."), without
 * the trace.</li>
 * <li>{@link #recovered}: ends the episode of that kind with one INFO line (how many failures, since when);
 * nothing if there was none. Cheap when nothing failed.</li>
 * <li>{@link #event}: a repeated event that is not a fault (a failed TLS handshake from a scanner): at most one
 * line per interval at the given level, with how many were not logged.</li>
 * </ul>
 * The number of kinds is bounded ({@value #MAX_KINDS}; more share one kind). Thread-safe.
 */
public final class RateLimitedLog {

    /** Default interval: one line per minute and kind. */
    public static final long MINUTE = 60_000;
    static final int MAX_KINDS = 64;
    private static final String OTHER = "(other)";

    /** Levels of {@link #event}. */
    public enum Level { DEBUG, INFO, WARN }

    private final Logger log;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();
    private volatile boolean anyEpisode;

    private static final class Kind {
        long episodeSince = -1; // start of the current failure episode, -1 when none
        long count;             // events in the episode (failure) or in total (event)
        long suppressed;        // events not logged since the last line
        long nextLogAt;
    }

    public RateLimitedLog(Logger log, long intervalMillis) {
        this(log, intervalMillis, System::currentTimeMillis);
    }

    public RateLimitedLog(Logger log, long intervalMillis, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    private Kind kind(String name) {
        Kind k = kinds.get(name);
        if (k != null) {
            return k;
        }
        if (kinds.size() >= MAX_KINDS) {
            return kinds.computeIfAbsent(OTHER, n -> new Kind());
        }
        return kinds.computeIfAbsent(name, n -> new Kind());
    }

    /**
     * An infrastructure failure of {@code kind}; {@code message} is an SLF4J pattern with {@code args}. Returns
     * whether a line was written.
     */
    public boolean failure(String kind, Throwable cause, String message, Object... args) {
        Kind k = kind(kind);
        long now = clock.getAsLong();
        String text;
        boolean first;
        long more;
        long since;
        synchronized (k) {
            k.count++;
            first = k.episodeSince < 0;
            if (first) {
                k.episodeSince = now;
                k.count = 1;
                anyEpisode = true;
            } else if (now < k.nextLogAt) {
                k.suppressed++;
                return false;
            }
            k.nextLogAt = now + intervalMillis;
            more = k.suppressed;
            k.suppressed = 0;
            since = k.episodeSince;
        }
        text = MessageFormatter.arrayFormat(message, args).getMessage();
        if (first) {
            log.error("{} (repeats are logged at most once per {} s)", text, intervalMillis / 1000, cause);
        } else {
            log.warn("{} (still failing since {}; {} more since the last report)", text, Instant.ofEpochMilli(since), more);
        }
        return true;
    }

    /** The failures of {@code kind} ended: one INFO line if there was an episode. */
    public void recovered(String kind, String message, Object... args) {
        if (!anyEpisode) {
            return;
        }
        Kind k = kinds.get(kind);
        if (k == null) {
            return;
        }
        long count;
        long since;
        synchronized (k) {
            if (k.episodeSince < 0) {
                return;
            }
            count = k.count;
            since = k.episodeSince;
            k.episodeSince = -1;
            k.count = 0;
            k.suppressed = 0;
            k.nextLogAt = 0;
        }
        anyEpisode = kinds.values().stream().anyMatch(x -> {
            synchronized (x) {
                return x.episodeSince >= 0;
            }
        });
        log.info("{} ({} failures since {})", MessageFormatter.arrayFormat(message, args).getMessage(), count,
                Instant.ofEpochMilli(since));
    }

    /** Whether failures of {@code kind} are going on. */
    public boolean failing(String kind) {
        Kind k = kinds.get(kind);
        if (k == null) {
            return false;
        }
        synchronized (k) {
            return k.episodeSince >= 0;
        }
    }

    /** A repeated event of {@code kind}: logged at {@code level} at most once per interval. Returns whether logged. */
    public boolean event(String kind, Level level, String message, Object... args) {
        Kind k = kind(kind);
        long now = clock.getAsLong();
        long more;
        synchronized (k) {
            k.count++;
            if (now < k.nextLogAt) {
                k.suppressed++;
                return false;
            }
            k.nextLogAt = now + intervalMillis;
            more = k.suppressed;
            k.suppressed = 0;
        }
        String text = MessageFormatter.arrayFormat(message, args).getMessage();
        String line = more > 0 ? text + " (" + more + " more like this since the last report)" : text;
        switch (level) {
            case DEBUG -> log.debug("{}", line);
            case INFO -> log.info("{}", line);
            default -> log.warn("{}", line);
        }
        return true;
    }

    /** How many events or failures of {@code kind} were counted (failures: in the current episode). */
    public long count(String kind) {
        Kind k = kinds.get(kind);
        if (k == null) {
            return 0;
        }
        synchronized (k) {
            return k.count;
        }
    }
}
