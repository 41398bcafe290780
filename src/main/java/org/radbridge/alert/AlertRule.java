package org.radbridge.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One rule of mappings/alerts.yaml (docs/alerts.md): a name, a kind (what is watched), a severity, how often
 * an active alert is notified again ({@code repeatMillis}), which notifiers it goes to, and the kind's own
 * parameters (thresholds, peers, working hours) as the YAML node.
 */
public record AlertRule(String name, String kind, String severity, long repeatMillis, List<String> notifiers, JsonNode params) {

    /** A numeric parameter of the rule, or {@code def}. */
    public double number(String key, double def) {
        JsonNode n = params.get(key);
        return n == null || n.isNull() ? def : n.asDouble(def);
    }
}
