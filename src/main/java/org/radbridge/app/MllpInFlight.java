package org.radbridge.app;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.metrics.Metrics;

/**
 * First step of the MLLP listener routes: a received block's bytes stay counted in
 * radbridge.mllp.max-buffered-bytes until its exchange is done (answered, failed or given up), so a peer that
 * pipelines blocks faster than they are answered runs into the same budget as one that never finishes them.
 * The time from here (the block's end block decoded) to done (the ACK handed to the connection) is the
 * listener's ACK latency, {@value #ACK_SECONDS}.
 */
public final class MllpInFlight {

    /** Histogram of the ACK latency per listener (docs/metrics.md). */
    public static final String ACK_SECONDS = "radbridge_mllp_ack_seconds";
    private static final String HELP = "Time from a received MLLP block to its ACK handed to the connection, by listener";

    private final Timer plain;
    private final Timer tls;

    public MllpInFlight(Metrics metrics) {
        this.plain = metrics.timer(ACK_SECONDS, HELP, "listener", "mllp");
        this.tls = metrics.timer(ACK_SECONDS, HELP, "listener", "mllp-tls");
    }

    public void track(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof MllpFrame f) {
            long started = System.nanoTime();
            Timer latency = "mllp-tls".equals(f.channel()) ? tls : plain;
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange e) {
                    f.answered();
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            });
        }
    }
}
