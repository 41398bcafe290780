package org.radbridge.fhir.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one {@link FhirTestServer} for the whole test run, started by the first test class that asks for it
 * (a parameter of type FhirTestServer) and stopped when the run ends (root context store).
 */
public final class FhirServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FhirServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == FhirTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> new Holder(), Holder.class).server;
    }

    /** Closed by JUnit at the end of the run. */
    static final class Holder implements ExtensionContext.Store.CloseableResource {
        final FhirTestServer server;

        Holder() {
            try {
                server = FhirTestServer.launch();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the FHIR test server", e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
