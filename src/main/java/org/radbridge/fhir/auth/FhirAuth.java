package org.radbridge.fhir.auth;

import java.io.IOException;

/**
 * How the FHIR destination authenticates its requests (docs/fhir.md, "Authentication"): nothing, a static bearer
 * token (RFC 6750), or an OAuth 2.0 access token obtained with the client_credentials grant (RFC 6749 §4.4) — with a
 * client secret, or with a private_key_jwt client assertion as SMART App Launch 2.x Backend Services requires.
 */
public interface FhirAuth {

    /** No Authorization header. */
    FhirAuth NONE = new FhirAuth() {
        @Override
        public String authorization() {
            return null;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    /**
     * The Authorization header value for the next request, or null for none. May obtain a token first.
     *
     * @throws TokenRefused the authorization server refused to issue a token (the destination pauses)
     * @throws IOException the authorization server could not be reached or failed (the delivery is retried)
     */
    String authorization() throws IOException, InterruptedException, TokenRefused;

    /**
     * The FHIR server answered 401 to a request made with {@code authorization}: forget that token, so the next
     * {@link #authorization()} obtains a new one. Returns true when a new one can be obtained (worth one more try).
     */
    default boolean rejected(String authorization) {
        return false;
    }

    /** For the start-up log: the kind, never a secret. */
    String describe();

    /** A static bearer token (radbridge.fhir.bearer-token). */
    static FhirAuth bearer(String token) {
        if (token == null || token.isBlank()) {
            return NONE;
        }
        String header = "Bearer " + token.trim();
        return new FhirAuth() {
            @Override
            public String authorization() {
                return header;
            }

            @Override
            public String describe() {
                return "static bearer token";
            }
        };
    }
}
