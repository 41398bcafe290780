package org.radbridge.deid.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.deid.Dates;

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
    public static final int SUBSTRING_LENGTH = 6;
    /** Shortest name part that also replaces a value the profile keeps (see {@link DeidContext#guardKept}). */
    static final int MIN_KEPT_NAME = 4;

    /** Honorifics, suffixes and degrees that are name components but not names. */
    public static final Set<String> NOT_NAMES = Set.of("dr", "mr", "mrs", "ms", "miss", "mx", "jr", "sr", "ii", "iii", "iv",
            "md", "phd", "do", "rn", "np", "pa", "dds", "prof", "sir", "the", "and", "von", "van", "de", "del", "la", "le");

    /** One thing to look for: folded text, whole-word only, what replaces it and its kind (for the counts). */
    public record Needle(String folded, boolean wholeWord, String label, String kind) {
    }

    private final Map<String, Needle> needles = new LinkedHashMap<>();
    private final java.util.Set<Integer> dates = new java.util.HashSet<>();
    private Needle[][] ascii;
    private Map<Integer, Needle[]> others;

    /**
     * A removed identifier value (an id, an address line, a phone number...). Values of three upper-case
     * letters or fewer are not collected: they are codes (PRN, NET, USA, SS), not identifiers.
     */
    public void addValue(String v) {
        if (v == null) {
            return;
        }
        String t = v.strip();
        if (t.length() < MIN_LENGTH || t.length() > MAX_LENGTH || t.length() <= 3 && isCode(t)) {
            return;
        }
        if (Dates.digits(t, 0, Math.min(t.length(), 8)) && t.length() >= 8) {
            addDate(t);
        }
        String digits = phoneDigits(t);
        if (digits != null) {
            addPhoneDigits(digits);
        }
        add(t, "[REDACTED]", "identifier");
    }

    /** The digits of a value written like a telephone number (digits, + - . ( ) and spaces only; 7 to 15 digits), or null. */
    static String phoneDigits(String t) {
        StringBuilder d = new StringBuilder(16);
        boolean separated = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            } else if ("+-.() ".indexOf(c) >= 0) {
                separated = true;
            } else {
                return null;
            }
        }
        int n = d.length();
        return separated && n >= 7 && n <= 15 || n == 7 || n == 10 ? d.toString() : null;
    }

    /** A replaced identifier: in free text it becomes its replacement (the same pseudonym or UID as in the fields). */
    public void addReplaced(String v, String replacement, String kind) {
        if (v == null || replacement == null) {
            return;
        }
        String t = v.strip();
        if (t.length() < MIN_LENGTH || t.length() > MAX_LENGTH || t.length() <= 3 && isCode(t)) {
            return;
        }
        add(t, replacement, kind);
    }

    /**
     * The digits of a removed telephone or fax number (HL7 v2 XTN components together): every usual way
     * of writing it ("6175550143", "617-555-0143", "(617) 555-0143", "617.555.0143", "555-0143").
     */
    public void addPhoneDigits(String digits) {
        String d = digits;
        if (d.length() == 11 && d.charAt(0) == '1') {
            d = d.substring(1);
        }
        if (d.length() == 10) {
            String a = d.substring(0, 3);
            String b = d.substring(3, 6);
            String c = d.substring(6);
            // grouped forms ("617-555-0143", "(617) 555-0143", "617.555.0143") are the scrubber's phone pattern
            for (String f : new String[] {d, b + "-" + c, b + c}) {
                add(f, "[PHONE]", "phone");
            }
        } else if (d.length() == 7) {
            add(d, "[PHONE]", "phone");
            add(d.substring(0, 3) + "-" + d.substring(3), "[PHONE]", "phone");
        } else if (d.length() > 7 && d.length() <= 15) {
            add(d, "[PHONE]", "phone");
        }
    }

    private static boolean isCode(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A removed date (birth, admission...): wherever free text writes it (numeric, compact or with a month
     * name, as the scrubber's date patterns read them) it becomes [DATE] instead of its year; its compact
     * form YYYYMMDD also guards kept values.
     */
    public void addDate(String v) {
        Dates.Parts p = Dates.parse(v == null ? "" : v.strip());
        if (p == null || p.day() == 0) {
            return;
        }
        dates.add(p.year() * 10000 + p.month() * 100 + p.day());
        add(v.strip().substring(0, p.dashed() ? 10 : 8).replace("-", ""), "[DATE]", "date");
    }

    /** Is this a date removed elsewhere in the message? */
    public boolean isKnownDate(int year, int month, int day) {
        return !dates.isEmpty() && dates.contains(year * 10000 + month * 100 + day);
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
                add(word, "[NAME]", "name");
                if (word.indexOf('-') > 0) {
                    for (String part : word.split("-")) {
                        if (part.length() >= 2 && !NOT_NAMES.contains(fold(part))) {
                            add(part, "[NAME]", "name");
                        }
                    }
                }
            }
        }
    }

    private void add(String v, String label, String kind) {
        String f = fold(v);
        Needle existing = needles.get(f);
        if (existing == null || "identifier".equals(existing.kind()) && !"identifier".equals(kind)) {
            needles.put(f, new Needle(f, f.length() < SUBSTRING_LENGTH, label, kind));
            ascii = null;
        }
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    public int size() {
        return needles.size();
    }

    public static boolean guardsKept(Needle n) {
        return !"name".equals(n.kind()) || n.folded().length() >= MIN_KEPT_NAME;
    }

    /** The needle equal to a whole (folded) value, or null. */
    public Needle exact(String folded) {
        return needles.get(folded);
    }

    /** The needles that start with a (folded) character: by array for ASCII, by map otherwise. */
    Needle[] startingWith(char c) {
        if (ascii == null) {
            buildIndex();
        }
        return c < 128 ? ascii[c] : others.get((int) c);
    }

    /**
     * Could a needle start at these two (folded) characters? A bitmap of the first two characters of
     * every needle (ASCII pairs; other pairs always "maybe"), so most positions of a text cost one lookup.
     */
    boolean mayStartWith(char c0, char c1) {
        if (ascii == null) {
            buildIndex();
        }
        if (c0 >= 128 || c1 >= 128) {
            return true;
        }
        int bit = (c0 << 7) | c1;
        return (pairs[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private long[] pairs;

    private void buildIndex() {
    long[] bits = new long[256];
        for (Needle n : needles.values()) {
            char c0 = n.folded().charAt(0);
            char c1 = n.folded().charAt(1);
            if (c0 < 128 && c1 < 128) {
                int bit = (c0 << 7) | c1;
                bits[bit >>> 6] |= 1L << (bit & 63);
            }
        }
        pairs = bits;
        Map<Character, List<Needle>> m = new java.util.HashMap<>();
        for (Needle n : needles.values()) {
            m.computeIfAbsent(n.folded().charAt(0), k -> new ArrayList<>()).add(n);
        }
        Needle[][] a = new Needle[128][];
        Map<Integer, Needle[]> o = new java.util.HashMap<>();
        m.forEach((k, v) -> {
            Needle[] arr = v.toArray(new Needle[0]);
            if (k < 128) {
                a[k] = arr;
            } else {
                o.put((int) k, arr);
            }
        });
        others = o;
        ascii = a;
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
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            char ch = s.charAt(i);
            latin1 = ch < 0xB5 || ch > 0xB5 && ch < 0xFF && ch != 0xDF;
        }
        if (latin1) {
            return s.toLowerCase(java.util.Locale.ROOT); // for these characters: one char for one char
        }
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
