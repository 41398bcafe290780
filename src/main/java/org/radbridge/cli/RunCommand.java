package org.radbridge.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.radbridge.settings.ConfigException;
import org.radbridge.app.RadBridgeApp;
import org.radbridge.settings.Settings;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `radbridge run`: starts the engine and runs until SIGTERM / Ctrl-C, then stops gracefully within
 * radbridge.shutdown.grace-seconds ({@link RadBridgeApp#drainAndClose}) and exits 0. SIGTERM and SIGINT are
 * handled here (the JVM's own handling would exit 143 / 130); any other exit still runs the graceful stop from a
 * shutdown hook. A watchdog ends the process at the end of the grace period should a step hang: everything
 * answered AA is durable by then.
 */
@Command(name = "run", description = "Start the engine (embedded defaults unless configured).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @Override
    public Integer call() throws Exception {
        Settings s;
        RadBridgeApp app;
        try {
            s = Settings.load(config, System.getenv(), System.getProperties());
            app = RadBridgeApp.start(s);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Duration grace = Duration.ofSeconds(s.getInt("radbridge.shutdown.grace-seconds", 1, 3600));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                watchdog(grace);
                app.drainAndClose(grace);
            }
            done.countDown();
        };
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), received -> new Thread(() -> {
                LOG.info("SIG{} received: graceful stop", sig);
                stop.run();
                System.exit(0);
            }, "radbridge-stop").start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "radbridge-shutdown"));
        done.await();
        return 0;
    }

    /** Ends the process if the graceful stop is not done at the end of the grace period. */
    private static void watchdog(Duration grace) {
        Threads.startDaemon("radbridge-stop-watchdog", () -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.warn("Graceful stop not done within radbridge.shutdown.grace-seconds={}: stopping now (whatever was "
                    + "answered AA is durable)", grace.toSeconds());
            Runtime.getRuntime().halt(0);
        });
    }
}
