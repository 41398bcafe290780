package org.radbridge.engine;

/**
 * One area of the engine (worklist, FHIR, EMR delivery, procedure status, de-identification...): it
 * creates its beans and destinations in {@link #configure}, binds the beans its routes call, registers
 * its API endpoints, and starts/stops its own servers. The list of modules is in the assembly ({@code app.Engine}).
 */
public interface EngineModule {

    void configure(EngineContext ctx) throws Exception;

    /** After the routes started (e.g. open a DICOM listener). */
    default void start(EngineContext ctx) throws Exception {
    }

    /** Before the engine's shared parts stop; in reverse order of the modules. */
    default void stop(EngineContext ctx) {
    }
}
