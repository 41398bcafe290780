package org.radbridge.engine.http;

/**
 * The API's principals as a module that signs people in sees them (the console signs in with the same tokens;
 * bean {@code engine.Beans.PRINCIPALS}).
 */
public interface Authenticator {

    /** The principal of an Authorization header ("Bearer token"), null when it is missing or not valid. */
    Principal authenticate(String authorization);

    /** The id of the token presented (never its secret), for a refusal's audit record; null when none. */
    String presentedId(String authorization);

    /** False when no principal is configured (every /api call is then refused). */
    boolean anyConfigured();
}
