package org.radbridge.deid;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many values each action changed in one de-identification, and how many identifiers clean-text
 * took out of free text (by kind). This is what the audit record keeps: counts, never values.
 */
public final class Counts implements TextScrubber.Counter {

    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Integer> text = new TreeMap<>();

    public void add(Action a) {
        actions.merge(a.yamlName(), 1, Integer::sum);
    }

    public void add(Action a, int n) {
        if (n > 0) {
            actions.merge(a.yamlName(), n, Integer::sum);
        }
    }

    /** A segment the profile does not name was dropped. */
    public void segmentRemoved() {
        actions.merge("remove-segment", 1, Integer::sum);
    }

    @Override
    public void removed(String label) {
        text.merge(label.replace("[", "").replace("]", "").toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }

    public int get(Action a) {
        return actions.getOrDefault(a.yamlName(), 0);
    }

    public Map<String, Integer> actions() {
        return actions;
    }

    /** Identifiers removed from free text, by kind (name, date, phone, ...). */
    public Map<String, Integer> text() {
        return text;
    }

    public int total() {
        return actions.values().stream().mapToInt(Integer::intValue).sum();
    }
}
