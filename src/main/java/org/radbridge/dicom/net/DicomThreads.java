package org.radbridge.dicom.net;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.radbridge.threads.Threads;

/**
 * The threads associations run on besides their connection thread: the reader of a requestor's association and
 * the worker that answers an acceptor's C-FIND requests. They come from one shared pool of daemon threads
 * (created on demand, kept a minute when idle) instead of a new thread per association: starting a thread costs
 * about as much CPU as a short DIMSE exchange. A task runs under the name it is given ("dicom-scu-7-reader"), so
 * logs and thread dumps still name the association.
 */
final class DicomThreads {

    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Threads.numberedDaemons("dicom-pool"));

    private DicomThreads() {
    }

    /** Runs the task on a pooled thread named {@code name} while it runs. */
    static void start(String name, Runnable task) {
        POOL.execute(() -> {
            Thread t = Thread.currentThread();
            String idle = t.getName();
            t.setName(name);
            try {
                task.run();
            } finally {
                t.setName(idle);
            }
        });
    }
}
