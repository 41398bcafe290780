package org.radbridge.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.intake.Effect;
import org.radbridge.intake.Inbound;

/**
 * The flows whose effects can be held, by flow name: each knows how to make its effect again from the stored
 * message under the configuration now in force (registered by the modules, e.g. the FHIR flows).
 */
public final class HeldFlows {

    /** Makes a held effect again. */
    @FunctionalInterface
    public interface Remaker {

        /**
         * The effect under the current configuration, from the reloaded message and the context saved when it was
         * held; throws {@link org.radbridge.hl7.Hl7Error} with the reason when it still cannot be made.
         */
        Effect remake(Inbound in, String context) throws Exception;
    }

    private final Map<String, Remaker> flows = new ConcurrentHashMap<>();

    public void register(String flow, Remaker r) {
        flows.put(flow, r);
    }

    public Remaker get(String flow) {
        return flows.get(flow);
    }
}
