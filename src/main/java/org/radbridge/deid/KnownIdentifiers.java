package org.radbridge.deid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identifier values of one message that clean-text removes from its free text (report text, notes,
 * descriptions): every value the profile removes or replaces elsewhere in the same message, person name
 * parts, and every way a known date can be written. Matching is case-insensitive (case-folded) on the
 * decoded text, so HL7-escaped occurrences are found too. Values of 6 characters or more match anywhere;
 * shorter ones only as whole words, so "DR" or a 2-letter name part do not eat other words.
 */
public final class KnownIdentifiers {

    /** Shortest value kept as an identifier (name parts: 2). */
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 128;
    static final int SUBSTRING_LENGTH = 6;

    /** Honorifics, suffixes and degrees that are name components but not names. */
    static final Set<String> NOT_NAMES = Set.of("dr", "mr", "mrs", "ms", "miss", "mx", "jr", "sr", "ii", "iii", "iv",
            "md", "phd", "do", "rn", "np", "pa", "dds", "prof", "sir", "the", "and", "von", "van", "de", "del", "la", "le");

    /** One thing to look for: folded text, whole-word only, and the label that replaces it. */
    record Needle(String folded, boolean wholeWord, String label) {
    }

    private final Map<String, Needle> needles = new LinkedHashMap<>();

    /** A removed identifier value (an id, an address line, a phone number...). */
    public void addValue(String v) {
        if (v == null) {
            return;
        }
        String t = v.strip();
        if (t.length() < MIN_LENGTH || t.length() > MAX_LENGTH) {
            return;
        }
        if (Dates.digits(t, 0, Math.min(t.length(), 8)) && t.length() >= 8) {
            addDate(t);
        }
        add(t, "[REDACTED]");
    }

    /** A removed date (birth, admission...): every textual form of it. */
    public void addDate(String v) {
        for (String f : Dates.textForms(v == null ? "" : v.strip())) {
            add(f, "[DATE]");
        }
    }

    /** A person name (all components, any separators): each part of 2 letters or more that is not an honorific. */
    public void addName(String v) {
        if (v == null) {
            return;
        }
        int n = v.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetter(v.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetter(v.charAt(i)) || v.charAt(i) == '\'' || v.charAt(i) == '-')) {
                i++;
            }
            String word = v.substring(start, i);
            while (word.endsWith("-") || word.endsWith("'")) {
                word = word.substring(0, word.length() - 1);
            }
            if (word.length() >= 2 && !NOT_NAMES.contains(fold(word))) {
                add(word, "[NAME]");
                if (word.indexOf('-') > 0) {
                    for (String part : word.split("-")) {
                        if (part.length() >= 2 && !NOT_NAMES.contains(fold(part))) {
                            add(part, "[NAME]");
                        }
                    }
                }
            }
        }
    }

    private void add(String v, String label) {
        String f = fold(v);
        Needle existing = needles.get(f);
        if (existing == null || "[REDACTED]".equals(existing.label()) && !"[REDACTED]".equals(label)) {
            needles.put(f, new Needle(f, f.length() < SUBSTRING_LENGTH, label));
        }
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    public int size() {
        return needles.size();
    }

    Collection<Needle> needles() {
        return needles.values();
    }

    /** The folded values (for tests). */
    public List<String> values() {
        return new ArrayList<>(needles.keySet());
    }

    /** Case folding char by char (length preserving): lower case of the upper case. */
    public static String fold(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char f = Character.toLowerCase(Character.toUpperCase(ch));
            if (f != ch) {
                if (c == null) {
                    c = s.toCharArray();
                }
                c[i] = f;
            }
        }
        return c == null ? s : new String(c);
    }
}
