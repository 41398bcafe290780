package org.radbridge.config;

import org.radbridge.mapping.Mappings;

/**
 * A part of the running engine that a configuration reload rebuilds (POST /api/config/reload, docs/site-adaptation.md
 * "Reloading configuration"). Registered with {@link ConfigReloader#register}: by the modules (intake peers and
 * message flows, FHIR mappings, worklist mappings...), by the Camel wiring (routes/), and, after merging, by further
 * modules (alert rules, site routes). A reload first calls {@link #prepare} on every part (read and validate; nothing
 * is changed yet, and any exception refuses the whole reload), then, between messages, every {@link Swap#commit}.
 */
public interface Reloadable {

    /** Shown in errors and in the reload's audit record. */
    String name();

    /** Reads and validates the new configuration from {@code next}; returns how to put it in force. */
    Swap prepare(Mappings next) throws Exception;

    /** Puts a prepared configuration in force; runs while no message is being processed, and should not fail. */
    @FunctionalInterface
    interface Swap {
        void commit() throws Exception;
    }
}
