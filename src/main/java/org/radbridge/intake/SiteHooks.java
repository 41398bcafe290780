package org.radbridge.intake;

import java.util.Map;
import java.util.Set;

/**
 * The extension points a site's own Camel routes may define (radbridge.routes.site-dir, docs/site-adaptation.md,
 * "Site routes"): {@code direct:site-before-<flow>} gets the received message before the flow runs (and the
 * flow continues with what it returns), {@code direct:site-after-<flow>} gets each outbound HL7 message the flow
 * queues (and the copy becomes what it returns). The engine calls a hook only when a site route defines it, so
 * a site without site routes pays nothing.
 */
public interface SiteHooks {

    /** No site routes. */
    SiteHooks NONE = new SiteHooks() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public String call(String hook, String text, Map<String, Object> headers) {
            return text;
        }
    };

    /** Header: the hook being called, e.g. site-before-order-to-worklist. */
    String HOOK = "RadBridgeHook";
    /** Header: the flow around which the hook runs. */
    String FLOW = "RadBridgeFlow";
    /** Header: the name of the sender (mappings/peers/hl7-senders.yaml), "" for an unknown sender. */
    String SENDER = "RadBridgeSender";
    /** Header: MSH-9 as code^event of the received message. */
    String MESSAGE_TYPE = "RadBridgeMessageType";
    /** Header of after-hooks: the HL7 destination of the outbound copy. */
    String DESTINATION = "RadBridgeDestination";

    static String before(String flow) {
        return "site-before-" + flow;
    }

    static String after(String flow) {
        return "site-after-" + flow;
    }

    /** The headers of a hook call for a message: flow, sender, message type and, for after-hooks, the destination. */
    static Map<String, Object> headers(Inbound in, String flow, String destination) {
        Map<String, Object> h = new java.util.HashMap<>();
        h.put(FLOW, flow);
        h.put(SENDER, in.peer() == null || !in.peer().known() ? "" : in.peer().name());
        h.put(MESSAGE_TYPE, in.messageType());
        if (destination != null) {
            h.put(DESTINATION, destination);
        }
        return h;
    }

    /** The hooks the site routes define now (e.g. "site-before-order-to-worklist"). */
    Set<String> names();

    default boolean has(String hook) {
        return names().contains(hook);
    }

    /**
     * Runs the site route of {@code hook} on an HL7 message (CR segment separators) and returns the message it
     * produced, or null when the route emptied the body (an after-hook that drops a copy).
     *
     * @throws org.radbridge.hl7.Hl7Error AR 207 naming the hook when the route failed
     */
    String call(String hook, String text, Map<String, Object> headers);
}
