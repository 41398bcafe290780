package org.radbridge.intake;

import java.util.Objects;

/**
 * A typed key of the state one flow step leaves on the {@link Inbound} for a later step (routes/*.camel.yaml: e.g.
 * the worklist drafts between {@code map} and {@code schedule}, the procedure identifiers the order-to-worklist flow
 * settles for the FHIR flow). The value type is fixed where the key is declared, so {@link Inbound#get} and
 * {@link Inbound#put} are checked by the compiler: a step cannot store a value of the wrong type or read one as the
 * wrong type. Keys are compared by name; each is declared once, as a constant of the class that owns the state
 * (names: {@code <flow or package>.<what>}). The state is not persisted; it lives as long as the message's
 * processing.
 *
 * @param <T> the type of the value
 */
public final class FlowKey<T> {

    private final String name;

    private FlowKey(String name) {
        this.name = Objects.requireNonNull(name);
    }

    /** A key; declare it as a constant with its value type, e.g. {@code FlowKey<List<Draft>> DRAFTS = FlowKey.of("worklist.drafts")}. */
    public static <T> FlowKey<T> of(String name) {
        return new FlowKey<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey<?> k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
