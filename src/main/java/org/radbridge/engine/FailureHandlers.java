package org.radbridge.engine;

/**
 * Where a module registers how a failed exchange of its own body type is answered (the error-handling route's
 * bean, {@code app.Failures}, implements it; HL7 intake failures it answers itself).
 */
public interface FailureHandlers {

    /** Handles failures of one body type: returns the answer (the new body). */
    interface Handler {
        Object handle(Object body, Exception e);
    }

    void register(Class<?> bodyType, Handler h);
}
