package org.radbridge.engine.http;

/** Answers one route; whatever it throws (but an {@link ApiException}) is answered 500 and logged once by the server. */
@FunctionalInterface
public interface Handler {
    Response handle(Request r) throws Exception;
}
