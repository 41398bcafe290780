package org.radbridge.config;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * "Between messages": every exchange holds a share of the gate from the first route it enters until that route is
 * done (a Camel route policy on every route; sub-routes reached through direct: share the exchange and its share); a
 * configuration swap takes the whole gate ({@link #exclusive}), so it waits for the messages in flight and new ones
 * wait for it. The semaphore is fair: a waiting swap is not starved by new messages.
 */
public final class ConfigGate implements RoutePolicyFactory {

    private static final int ALL = Integer.MAX_VALUE;
    private static final String PROPERTY = "radbridge.configGate";

    private final Semaphore permits = new Semaphore(ALL, true);

    /** Thrown when the messages in flight did not finish within the swap's timeout. */
    public static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                Object owner = exchange.getProperty(PROPERTY);
                if (owner == null || !owner.toString().endsWith("|" + exchange.getExchangeId())) {
                    permits.acquireUninterruptibly();
                    exchange.setProperty(PROPERTY, r.getRouteId() + "|" + exchange.getExchangeId());
                }
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                if ((r.getRouteId() + "|" + exchange.getExchangeId()).equals(exchange.getProperty(PROPERTY))) {
                    exchange.removeProperty(PROPERTY);
                    permits.release();
                }
            }
        };
    }

    /** Runs {@code work} while no message is in flight; {@link Busy} when they did not finish within the timeout. */
    public <T> T exclusive(Duration timeout, Callable<T> work) throws Exception {
        if (!permits.tryAcquire(ALL, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Busy("messages in flight did not finish within " + timeout.toSeconds() + " s; the configuration was not swapped");
        }
        try {
            return work.call();
        } finally {
            permits.release(ALL);
        }
    }
}
