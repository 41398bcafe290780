package org.radbridge.app;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.radbridge.mllp.MllpFrame;

/**
 * First step of the MLLP listener routes: a received block's bytes stay counted in
 * radbridge.mllp.max-buffered-bytes until its exchange is done (answered, failed or given up), so a peer that
 * pipelines blocks faster than they are answered runs into the same budget as one that never finishes them.
 */
public final class MllpInFlight {

    public void track(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof MllpFrame f) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange e) {
                    f.answered();
                }
            });
        }
    }
}
