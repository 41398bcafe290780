package org.radbridge.config;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * radbridge.config.watch=true: looks at the configuration folders every radbridge.config.watch-interval-ms and reloads
 * when their digest changed and then stayed the same for one more look (debounce: an editor's save of several files
 * is taken once, whole). A refused configuration is not tried again until the files change again.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ConfigReloader reloader;
    private final long intervalMillis;
    private final ScheduledExecutorService scheduler = Threads.scheduler("radbridge-config-watch");
    private final RateLimitedLog failures = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
    private String seen;
    private String tried;

    public ConfigWatcher(ConfigReloader reloader, long intervalMillis) {
        this.reloader = reloader;
        this.intervalMillis = intervalMillis;
    }

    public void start() {
        seen = reloader.digest();
        tried = seen;
        scheduler.scheduleWithFixedDelay(this::look, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info("Watching the configuration folders {} every {} ms (radbridge.config.watch)", reloader.folders().keySet(), intervalMillis);
    }

    private void look() {
        try {
            String now = ConfigDigest.of(reloader.folders()).digest();
            failures.recovered("watch", "Configuration watch works again");
            if (now.equals(reloader.digest())) {
                seen = now;
                tried = now;
                return;
            }
            if (now.equals(seen) && !now.equals(tried)) {
                tried = now;
                ConfigReloader.Result r = reloader.reload("file-watcher", null);
                if (r.applied()) {
                    LOG.info("Configuration change picked up: digest {}", r.digest());
                }
            }
            seen = now;
        } catch (RuntimeException e) {
            failures.failure("watch", e, "Configuration watch failed: {}", e.toString()); // the first with its stack trace, then one line a minute
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
