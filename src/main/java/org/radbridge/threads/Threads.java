package org.radbridge.threads;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's background threads: daemon threads (they never keep the JVM alive: the graceful stop ends the
 * work they do, docs/deploy.md §4) with a name that says what they do, as thread dumps, JFR recordings and log
 * lines show it. Ground floor: imports nothing of RadBridge.
 */
public final class Threads {

    private Threads() {
    }

    /** Daemon threads, each named {@code name} (for single-thread executors). */
    public static ThreadFactory daemons(String name) {
        return r -> daemon(name, r);
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2} ... (for pools). */
    public static ThreadFactory numberedDaemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(prefix + "-" + n.incrementAndGet(), r);
    }

    /** A daemon thread named {@code name}, not yet started. */
    public static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A daemon thread named {@code name}, started. */
    public static Thread startDaemon(String name, Runnable r) {
        Thread t = daemon(name, r);
        t.start();
        return t;
    }

    /** A scheduled executor with one daemon thread named {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemons(name));
    }
}
