package org.radbridge.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the number of tries of every fuzz property from {@code -Dfuzz.tries=N} (the long run of
 * docs/fuzzing.md); without it the tries written on the property (the short CI run) apply.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** Registered on the test class, applied to each of its properties. */
    @Override
    public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
        return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String t = System.getProperty("fuzz.tries");
        if (t != null && !t.isBlank()) {
            context.attributes().setTries(Integer.parseInt(t.trim()));
        }
        return property.execute();
    }
}
