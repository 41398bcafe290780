package org.radbridge.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * Reads and checks mappings/alerts.yaml (overlay, folder or jar, like every mapping file): {@code defaults}
 * (repeat-seconds, notify) and {@code rules}, each with name, kind, severity, enabled and the kind's
 * parameters. A wrong file stops start-up naming the rule and the key.
 */
public final class AlertRules {

    public static final String FILE = "alerts.yaml";
    public static final List<String> KINDS = List.of("dead-letter", "destination-paused", "outbox-age", "error-rate",
            "peer-silent", "audit-chain", "storage", "certificate-expiring");
    public static final List<String> SEVERITIES = List.of("critical", "warning", "info");
    public static final List<String> NOTIFIERS = List.of("webhook", "email", "syslog");

    private AlertRules() {
    }

    /** The enabled rules; an absent file means no rules. */
    public static List<AlertRule> load(Mappings m) {
        if (!m.exists(FILE)) {
            return List.of();
        }
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        JsonNode defaults = root.path("defaults");
        long repeat = seconds(origin, "defaults", defaults.path("repeat-seconds"), 3600);
        List<String> notify = notifiers(origin, "defaults", defaults.get("notify"), NOTIFIERS);
        List<AlertRule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode r : root.path("rules")) {
            String name = r.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_.\\-]{1,64}") || !names.add(name)) {
                throw new MappingException(origin, "rule names must be unique, 1-64 letters, digits, '.', '-' or '_': \"" + name + "\"");
            }
            String kind = r.path("kind").asText("");
            if (!KINDS.contains(kind)) {
                throw new MappingException(origin, "rule " + name + ": kind must be one of " + KINDS + ", is \"" + kind + "\"");
            }
            String severity = r.path("severity").asText("warning");
            if (!SEVERITIES.contains(severity)) {
                throw new MappingException(origin, "rule " + name + ": severity must be one of " + SEVERITIES + ", is \"" + severity + "\"");
            }
            if (!r.path("enabled").asBoolean(true)) {
                continue;
            }
            AlertRule rule = new AlertRule(name, kind, severity, seconds(origin, name, r.path("repeat-seconds"), repeat) * 1000,
                    notifiers(origin, name, r.get("notify"), notify), r);
            check(origin, rule);
            out.add(rule);
        }
        return List.copyOf(out);
    }

    private static void check(String origin, AlertRule r) {
        switch (r.kind()) {
            case "outbox-age" -> positive(origin, r, "max-age-minutes");
            case "error-rate" -> {
                positive(origin, r, "window-minutes");
                positive(origin, r, "max-percent");
            }
            case "peer-silent" -> {
                positive(origin, r, "silent-minutes");
                try {
                    WorkingHours.of(r.params().get("working-hours"));
                } catch (IllegalArgumentException e) {
                    throw new MappingException(origin, "rule " + r.name() + ": working-hours: " + e.getMessage());
                }
            }
            case "certificate-expiring" -> positive(origin, r, "days");
            default -> {
            }
        }
    }

    private static void positive(String origin, AlertRule r, String key) {
        JsonNode n = r.params().get(key);
        if (n == null || !n.isNumber() || n.asDouble() <= 0) {
            throw new MappingException(origin, "rule " + r.name() + " (" + r.kind() + "): " + key + " must be a positive number");
        }
    }

    private static long seconds(String origin, String where, JsonNode n, long def) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return def;
        }
        if (!n.canConvertToLong() || n.asLong() < 1) {
            throw new MappingException(origin, where + ": repeat-seconds must be a positive whole number");
        }
        return n.asLong();
    }

    private static List<String> notifiers(String origin, String where, JsonNode n, List<String> def) {
        if (n == null || n.isNull()) {
            return def;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!NOTIFIERS.contains(x.asText())) {
                throw new MappingException(origin, where + ": notify entries must be among " + NOTIFIERS + ", is \"" + x.asText() + "\"");
            }
            out.add(x.asText());
        }
        return List.copyOf(out);
    }
}
