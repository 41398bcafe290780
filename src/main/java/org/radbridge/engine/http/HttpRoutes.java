package org.radbridge.engine.http;

/**
 * Where a module contributes its HTTP endpoints (design.md §3): {@code EngineContext.http()}. The server behind it
 * (the assembly's {@code api.ApiServer}) authenticates the bearer token, checks the role, audits the call and
 * answers errors as JSON; the module sees only {@link Request} and {@link Response}.
 */
public interface HttpRoutes {

    /**
     * Registers a route; path segments in braces are parameters ("/api/messages/{id}/reprocess"); {@code role} is
     * one of {@link Principal}'s roles, several as "a|b", or null for an open route.
     */
    void route(String method, String path, String role, Handler h);
}
