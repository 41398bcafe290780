package org.radbridge.app;

import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.radbridge.metrics.LatencyBuckets;
import org.radbridge.metrics.Metrics;

/**
 * Route timings with camel-micrometer (radbridge.metrics.route-timings): one timer per route
 * ({@code camel_route_policy_seconds{routeId}}, the {@link LatencyBuckets} histogram) and its failed-exchange
 * counter, in the engine's registry. Camel Main adds the factory, bound as a bean, to every route. The
 * context-wide timer and the other counters are left out: each costs an update per exchange and the per-route
 * figures add up to them.
 */
final class RouteTimings {

    private RouteTimings() {
    }

    static MicrometerRoutePolicyFactory factory(Metrics metrics) {
        MicrometerRoutePolicyFactory f = new MicrometerRoutePolicyFactory();
        f.setMeterRegistry(metrics.registry());
        MicrometerRoutePolicyConfiguration c = new MicrometerRoutePolicyConfiguration();
        c.setContextEnabled(false);
        c.setRouteEnabled(true);
        c.setAdditionalCounters(true); // of which only the failed-exchange counter
        c.setExchangesSucceeded(false);
        c.setExchangesTotal(false);
        c.setExchangesFailed(true);
        c.setExternalRedeliveries(false);
        c.setFailuresHandled(false);
        c.setLongTask(false);
        c.setTimerInitiator(t -> t.serviceLevelObjectives(LatencyBuckets.durations()));
        f.setPolicyConfiguration(c);
        return f;
    }
}
