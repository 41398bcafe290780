package org.radbridge.app;

import org.apache.camel.Exchange;
import org.radbridge.engine.FailureHandlers;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.intake.StoredMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of routes/error-handling.camel.yaml: turns a failed exchange into its answer. HL7 intake
 * (an {@link Inbound} or a raw {@link MllpFrame}) goes to {@link Intake#fail}; other flows register their
 * own handlers by body type.
 */
public final class Failures implements FailureHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final Intake intake;
    private final java.util.Map<Class<?>, Handler> handlers = new java.util.concurrent.ConcurrentHashMap<>();

    public Failures(Intake intake) {
        this.intake = intake;
    }

    @Override
    public void register(Class<?> bodyType, Handler h) {
        handlers.put(bodyType, h);
    }

    public Object handle(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String from = exchange.getFromRouteId();
        if (from != null && from.startsWith("site-")) {
            return null; // a site route's failure goes back to the flow that called it (SiteRoutes answers it, once)
        }
        if (body instanceof StoredMessages.ReprocessRequest) {
            throw e; // refused before loading: the operator gets the reason
        }
        if (body instanceof Inbound in && in.dryRun()) {
            throw e; // a dry run journals nothing: the caller shows the failure
        }
        if (body instanceof Inbound in && in.mode() == Inbound.Mode.REPROCESS) {
            intake.fail(body, e); // recorded on the journal entry
            throw e;              // and the operator gets the reason
        }
        if (body instanceof Inbound || body instanceof MllpFrame) {
            return intake.fail(body, e);
        }
        if (body != null) {
            for (var h : handlers.entrySet()) {
                if (h.getKey().isInstance(body)) {
                    return h.getValue().handle(body, e);
                }
            }
        }
        LOG.error("route {} failed", exchange.getFromRouteId(), e);
        return body;
    }
}
