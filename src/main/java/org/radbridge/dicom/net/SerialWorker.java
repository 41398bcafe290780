package org.radbridge.dicom.net;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an association's requests one after the other, in arrival order, on a pooled thread ({@link DicomThreads})
 * that is given back when the queue is empty: the single-threaded worker of PS3.7 (one operation at a time) without
 * a thread of its own per association.
 */
final class SerialWorker {

    private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);

    private final String name;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean shutdown;

    SerialWorker(String name) {
        this.name = name;
    }

    /** Queues a task; RejectedExecutionException after {@link #shutdown()}. */
    synchronized void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
        queue.add(task);
        if (!running) {
            running = true;
            try {
                DicomThreads.start(name, this::drain);
            } catch (RuntimeException | Error e) {
                running = false;
                queue.remove(task);
                throw e;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
                if (r == null) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("{}: task failed", name, e);
            }
        }
    }

    /** Waits until the tasks queued so far have run; false if they have not within the timeout. */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (running || !queue.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Queued tasks still run; new ones are refused. */
    synchronized void shutdown() {
        shutdown = true;
    }
}
