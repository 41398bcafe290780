package org.radbridge.fhir.auth;

/**
 * The authorization server refused to issue an access token (RFC 6749 §5.2: HTTP 400 or 401 with an error such as
 * invalid_client, invalid_scope, unauthorized_client): retrying the same request will not help, so the destination
 * pauses until an operator fixes the client's registration or configuration and resumes it.
 */
public final class TokenRefused extends Exception {

    private static final long serialVersionUID = 1L;

    public TokenRefused(String message) {
        super(message);
    }
}
