package org.radbridge.deid;

import java.util.Map;
import java.util.TreeMap;
import org.radbridge.deid.text.TextScrubber;

/**
 * How many values each action changed in one de-identification, how many segments were dropped, and how
 * many identifiers clean-text took out of free text (by kind). This is what the audit record keeps:
 * counts, never values.
 */
public final class Counts implements TextScrubber.Counter {

    private final int[] actions = new int[Action.values().length];
    private int segmentsRemoved;
    private Map<String, Integer> text;

    public void add(Action a) {
        actions[a.ordinal()]++;
    }

    public void add(Action a, int n) {
        actions[a.ordinal()] += Math.max(0, n);
    }

    /** A segment the profile does not name was dropped. */
    public void segmentRemoved() {
        segmentsRemoved++;
    }

    @Override
    public void removed(String kind) {
        if (text == null) {
            text = new TreeMap<>();
        }
        text.merge(kind, 1, Integer::sum);
    }

    public int get(Action a) {
        return actions[a.ordinal()];
    }

    /** Non-zero counts by action name ("remove-segment" for dropped segments), sorted. */
    public Map<String, Integer> actions() {
        Map<String, Integer> m = new TreeMap<>();
        for (Action a : Action.values()) {
            if (actions[a.ordinal()] > 0) {
                m.put(a.yamlName(), actions[a.ordinal()]);
            }
        }
        if (segmentsRemoved > 0) {
            m.put("remove-segment", segmentsRemoved);
        }
        return m;
    }

    /** Identifiers removed from free text, by kind (name, date, phone, ...). */
    public Map<String, Integer> text() {
        return text == null ? Map.of() : text;
    }

    public int total() {
        int t = segmentsRemoved;
        for (int n : actions) {
            t += n;
        }
        return t;
    }
}
