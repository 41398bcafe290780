package org.radbridge.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One notification: {@code event} is fire (first time), repeat (still active after the rule's repeat interval)
 * or resolve (the condition is gone), with the alert's rule, kind, severity, subject, since and detail.
 */
public record Notice(String event, ActiveAlert alert, String instance, long at) {

    public static final String FIRE = "fire";
    public static final String REPEAT = "repeat";
    public static final String RESOLVE = "resolve";

    /** The webhook body and the e-mail's JSON part. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("rule", alert.rule().name());
        m.put("kind", alert.rule().kind());
        m.put("severity", alert.rule().severity());
        m.put("subject", alert.subject());
        m.put("since", Instant.ofEpochMilli(alert.since()).toString());
        m.put("detail", alert.detail());
        m.put("instance", instance);
        m.put("at", Instant.ofEpochMilli(at).toString());
        return m;
    }

    /** One line for the e-mail subject and syslog. */
    public String line() {
        return "[" + event.toUpperCase(java.util.Locale.ROOT) + "] " + alert.rule().severity() + " " + alert.rule().name() + " "
                + alert.subject() + ": " + alert.detail();
    }
}
