package org.radbridge.engine;

/**
 * Calls a route (e.g. "direct:deid-export") synchronously from plain Java: set by the Camel wiring once
 * the routes run, before the modules start, so domain code needs no Camel types.
 */
@FunctionalInterface
public interface RouteGateway {

    /** Sends the body to the endpoint and returns the route's resulting body; the route's failure is rethrown. */
    <T> T request(String endpoint, Object body, Class<T> type) throws Exception;
}
