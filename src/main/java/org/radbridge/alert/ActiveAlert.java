package org.radbridge.alert;

/**
 * An alert that is active now: its rule, its subject, since when, the latest detail, when it was last
 * notified and how many notifications went out (fire + repeats). Immutable; the engine replaces it.
 */
public record ActiveAlert(AlertRule rule, String subject, long since, String detail, long lastNotified, int notifications) {

    public String key() {
        return rule.name() + "/" + subject;
    }
}
