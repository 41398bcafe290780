package org.radbridge.app;

import java.time.Duration;

/** Runs the first steps of a graceful stop (listeners closed, in-flight answered) so tests can look at the engine then. */
public final class GracefulStopProbe {

    private GracefulStopProbe() {
    }

    public static int drainListeners(RadBridgeApp app, Duration grace) {
        return GracefulStop.drainListeners(app.engine(), app.camel(), grace);
    }
}
