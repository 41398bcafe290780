package org.radbridge.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Runs one fuzz input through a {@link FuzzTarget} with the bounds every network-facing parser must keep:
 * <ul>
 * <li>no exception escapes (the target catches the parser's declared refusals itself);</li>
 * <li>time: done within {@code -Dfuzz.timeout-ms} (default 5000 ms) of CPU time of the parsing thread, so a
 *     loaded CI machine does not make it flaky, and within {@code -Dfuzz.wall-timeout-ms} (30 s) of wall time
 *     (a parser blocked on something);</li>
 * <li>memory: the thread allocates at most {@link FuzzTarget#allocationPerByte()} (64) bytes per input byte + 64 MiB (no buffer sized by a
 *     declared length field, no super-linear copying);</li>
 * <li>logs: at most one WARN/ERROR event per input (no stack-trace storms).</li>
 * </ul>
 * A failing input is saved by {@link Regressions#save} and the failure names the file.
 */
public final class Budget {

    static final long TIMEOUT_MS = Long.getLong("fuzz.timeout-ms", 5000);
    static final long WALL_TIMEOUT_MS = Long.getLong("fuzz.wall-timeout-ms", 30_000);
    static final long ALLOC_BASE = 64L << 20;

    private static final ThreadLocal<List<String>> WARNINGS = new ThreadLocal<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static Thread worker;
    private static final java.util.concurrent.BlockingQueue<FutureTask<long[]>> QUEUE =
            new java.util.concurrent.LinkedBlockingQueue<>();

    static {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                List<String> w = WARNINGS.get();
                if (w != null && e.getLevel().isGreaterOrEqual(Level.WARN)) {
                    w.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() != null ? " [" + e.getThrowableProxy().getClassName() + "]" : ""));
                }
            }
        };
        counter.setName("fuzz-warning-counter");
        counter.setContext(root.getLoggerContext());
        counter.start();
        root.addAppender(counter);
    }

    private Budget() {
    }

    /** Runs target on input within the bounds; throws AssertionError (naming the saved input) otherwise. */
    public static void run(FuzzTarget target, byte[] input) {
        FutureTask<long[]> task = new FutureTask<>(() -> {
            List<String> warnings = new ArrayList<>();
            WARNINGS.set(warnings);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                target.accept(input);
            } finally {
                WARNINGS.remove();
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (warnings.size() > 1) {
                throw new AssertionError(warnings.size() + " WARN/ERROR log events for one input (at most 1): "
                        + warnings.subList(0, Math.min(3, warnings.size())));
            }
            return new long[] {allocated};
        });
        Thread w = submit(task);
        long cpu0 = THREADS.getThreadCpuTime(w.getId());
        long wall0 = System.nanoTime();
        long[] r = null;
        try {
            while (r == null) {
                try {
                    r = task.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long cpuMs = (THREADS.getThreadCpuTime(w.getId()) - cpu0) / 1_000_000;
                    long wallMs = (System.nanoTime() - wall0) / 1_000_000;
                    if (cpuMs > TIMEOUT_MS || wallMs > WALL_TIMEOUT_MS) {
                        killWorker();
                        throw failure(target, input, "not done after " + cpuMs + " ms of CPU (bound " + TIMEOUT_MS
                                + ") and " + wallMs + " ms of wall time (bound " + WALL_TIMEOUT_MS + ")", null);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw failure(target, input, "failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        long limit = target.allocationPerByte() * input.length + ALLOC_BASE;
        if (r[0] > limit) {
            throw failure(target, input, "allocated " + r[0] + " bytes for " + input.length + " input bytes (limit " + limit + ")", null);
        }
    }

    private static AssertionError failure(FuzzTarget target, byte[] input, String what, Throwable cause) {
        java.nio.file.Path saved = Regressions.save(target.name(), input);
        return new AssertionError(target.name() + ": input of " + input.length + " bytes " + what + " (saved as " + saved + ")", cause);
    }

    private static synchronized Thread submit(FutureTask<long[]> task) {
        if (worker == null || !worker.isAlive()) {
            worker = new Thread(Budget::loop, "fuzz-worker");
            worker.setDaemon(true);
            worker.start();
        }
        QUEUE.add(task);
        return worker;
    }

    private static void loop() {
        Thread me = Thread.currentThread();
        while (true) {
            FutureTask<long[]> t;
            try {
                t = QUEUE.take();
            } catch (InterruptedException e) {
                return;
            }
            t.run();
            synchronized (Budget.class) {
                if (worker != me) {
                    return;
                }
            }
        }
    }

    /**
     * A parser stuck in a super-linear loop would keep a core busy (and its memory) for minutes after
     * the failure is reported: stop that thread (test only; Java 17 still implements Thread.stop) and let
     * the next input start a fresh worker.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static synchronized void killWorker() {
        Thread stuck = worker;
        worker = null;
        if (stuck != null) {
            stuck.interrupt();
            try {
                stuck.stop();
            } catch (UnsupportedOperationException ignored) {
                // newer JDKs: the thread finishes on its own
            }
        }
    }

}
