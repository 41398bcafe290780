package org.radbridge.app;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;
import org.radbridge.intake.Inbound;

/**
 * The two decisions of routes/intake.camel.yaml, as registry beans the routes name with Camel's {@code ref}
 * language: resolved once when a route is built, then a plain call per message (the simple-language forms
 * {@code ${body.afterStore}} and {@code ${body.flowEndpoints}} looked the method up by reflection on every
 * message). Bound by {@link Engine} under {@link #AFTER_STORE} and {@link #FLOW_ENDPOINTS}.
 */
final class IntakeExpressions {

    /** Registry name of the predicate "the message is answered after-store" ({@link Inbound#isAfterStore}). */
    static final String AFTER_STORE = "afterStore";
    /** Registry name of the routing slip of a message's flows ({@link Inbound#flowEndpoints}). */
    static final String FLOW_ENDPOINTS = "flowEndpoints";

    private IntakeExpressions() {
    }

    static Predicate afterStore() {
        return exchange -> exchange.getMessage().getBody() instanceof Inbound in && in.isAfterStore();
    }

    static ExpressionAdapter flowEndpoints() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody() instanceof Inbound in ? in.flowEndpoints() : null;
            }

            @Override
            public String toString() {
                return "flowEndpoints";
            }
        };
    }
}
