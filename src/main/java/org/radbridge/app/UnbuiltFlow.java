package org.radbridge.app;

import org.apache.camel.Exchange;
import org.radbridge.intake.Inbound;

/** Placeholder step of a flow whose issue has not filled it yet: says so on the journal entry. */
public final class UnbuiltFlow {

    public Inbound note(Inbound in, Exchange exchange) {
        in.warn("flow " + exchange.getFromRouteId() + " is not built yet: journaled only");
        return in;
    }
}
