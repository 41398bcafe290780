package org.radbridge.log;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own warnings and errors (a configuration problem) on standard error, nothing else: without a status
 * listener logback prints them on standard output, in front of the data a command prints; logback's
 * OnErrorConsoleStatusListener would also print every INFO status of each start.
 */
public final class StderrStatusListener implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            System.err.println("logback: " + status);
            if (status.getThrowable() != null) {
                System.err.println("  " + status.getThrowable());
            }
        }
    }
}
