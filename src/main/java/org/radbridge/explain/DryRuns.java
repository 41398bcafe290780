package org.radbridge.explain;

import org.radbridge.settings.Settings;

/**
 * Starts dry-run engines (the site's configuration, nothing that reaches outside the process; docs/site-adaptation.md)
 * for the shadow run. The assembly implements it ({@code app.DryRunApp::start}) and binds it as bean
 * {@link org.radbridge.engine.Beans#DRY_RUNS}, so this package needs no import of the assembly.
 */
@FunctionalInterface
public interface DryRuns {

    /** A started dry-run engine, deleted with its temporary data on {@link #close}. */
    interface DryRun extends AutoCloseable {

        /** An explainer over this engine's routes and beans. */
        Explainer explainer();

        @Override
        void close();
    }

    DryRun start(Settings site) throws Exception;
}
