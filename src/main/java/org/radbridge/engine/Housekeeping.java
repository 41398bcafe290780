package org.radbridge.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic maintenance tasks (design.md §5): payload retention of the journal, and whatever modules
 * register (worklist expiry and purge ...). Each task runs on one scheduler thread; a failing run is
 * logged and tried again next period.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final RateLimitedLog failures = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
    private final ScheduledExecutorService scheduler = Threads.scheduler("radbridge-housekeeping");

    /** Runs {@code task} every {@code periodSeconds}, first after {@code initialDelaySeconds}. */
    public void every(String name, long initialDelaySeconds, long periodSeconds, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
                failures.recovered(name, "housekeeping task {} runs again", name);
            } catch (RuntimeException e) {
                failures.failure(name, e, "housekeeping task {} failed: {}", name, e.toString()); // the first with its stack trace
            }
        }, initialDelaySeconds, periodSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
