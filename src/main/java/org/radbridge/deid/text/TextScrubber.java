package org.radbridge.deid.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * The clean-text action: removes from free text every identifier known from the same message
 * ({@link KnownIdentifiers}), then what looks like an identifier of 45 CFR 164.514(b)(2)(i): dates
 * (numeric, compact and with month names; per profile kept to the year, shifted, kept or removed),
 * telephone and fax numbers, SSNs, e-mail addresses, web URLs, IP addresses, long numbers, and ages over
 * 89 ("93-year-old" becomes "90+-year-old") — the patterns are {@link TextPatterns}. Known identifiers
 * are found in one scan of the text whatever their number; a pattern that contains a known identifier (a
 * URL with an MRN in it) replaces it, one of the same span does not.
 */
public final class TextScrubber {

    /** What happens to dates found in text. */
    public enum DateMode {
        YEAR_ONLY, SHIFT, KEEP, REMOVE;

        public static DateMode of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private final TextPatterns patterns;

    public TextScrubber(DateMode dates, boolean capAges) {
        this.patterns = new TextPatterns(dates, capAges);
    }

    /**
     * Scrubs one text value; {@code shiftDays} is used when dates are shifted; {@code uids} gives the new
     * UID of a DICOM UID found in the text (the same remap as the structured fields).
     */
    public String scrub(String text, KnownIdentifiers known, int shiftDays, java.util.function.UnaryOperator<String> uids,
            Counter counter) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<TextCut> cuts = known == null || known.isEmpty() ? new ArrayList<>() : knownCuts(text, known);
        patternCuts(text, shiftDays, uids, cuts, known);
        return cuts.isEmpty() ? text : apply(text, cuts, counter);
    }

    /** Only the identifiers known from the message (for values a profile keeps); null when nothing changed. */
    public static String knownOnly(String text, KnownIdentifiers known, Counter counter) {
        List<TextCut> cuts = knownCuts(text, known);
        cuts.removeIf(c -> "name".equals(c.kind()) && c.end() - c.start() < KnownIdentifiers.MIN_KEPT_NAME);
        return cuts.isEmpty() ? null : apply(text, cuts, counter);
    }

    /** Counts what was removed from text (by label); may be null. */
    public interface Counter {
        void removed(String label);
    }

    static List<TextCut> knownCuts(String text, KnownIdentifiers known) {
        List<TextCut> cuts = new ArrayList<>();
        int n = text.length();
        char c1 = n > 0 ? fold(text.charAt(0)) : 0;
        for (int i = 0; i + 1 < n; i++) {
            char c0 = c1;
            c1 = fold(text.charAt(i + 1));
            if (!known.mayStartWith(c0, c1)) {
                continue;
            }
            KnownIdentifiers.Needle[] candidates = known.startingWith(c0);
            if (candidates == null) {
                continue;
            }
            for (KnownIdentifiers.Needle nd : candidates) {
                String f = nd.folded();
                int end = i + f.length();
                if (end <= n && text.regionMatches(true, i, f, 0, f.length())
                        && (!nd.wholeWord() || (boundary(text, i - 1) && boundary(text, end)))) {
                    cuts.add(new TextCut(i, end, nd.label(), nd.kind()));
                }
            }
        }
        return cuts;
    }

    /** The case folding of {@link KnownIdentifiers#fold}, for one character. */
    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private static boolean boundary(String s, int i) {
        return i < 0 || i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
    }

    /** Applies cuts: sorted by start, the longer one first; overlapping later cuts are dropped. */
    private static String apply(String text, List<TextCut> cuts, Counter counter) {
        cuts.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (TextCut c : cuts) {
            if (c.start() < pos) {
                continue;
            }
            sb.append(text, pos, c.start()).append(c.with());
            pos = c.end();
            if (counter != null && c.kind() != null) {
                counter.removed(c.kind());
            }
        }
        return sb.append(text, pos, text.length()).toString();
    }

    private void patternCuts(String text, int shiftDays, java.util.function.UnaryOperator<String> uids, List<TextCut> cuts,
            KnownIdentifiers known) {
        int n = text.length();
        if (text.indexOf('@') >= 0) {
            Matcher e = TextPatterns.EMAIL.matcher(text);
            while (e.find()) {
                place(cuts, new TextCut(e.start(), e.end(), "[EMAIL]"));
            }
        }
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean start = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
            if (!start || !(Character.isLetterOrDigit(c) || c == '(' || c == '+')) {
                i++;
                continue;
            }
            int skip = inside(cuts, i);
            if (skip >= 0) {
                i = Math.max(skip, i + 1);
                continue;
            }
            TextCut cut = Character.isLetter(c) ? patterns.atLetter(text, i, shiftDays, known) : patterns.atDigit(text, i, shiftDays, uids, known);
            if (cut != null && place(cuts, cut)) {
                i = Math.max(cut.end(), i + 1);
            } else {
                i++;
                while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
    }

    /** The end of the cut that covers position i (a cut starting at i does not: a pattern may contain it), or -1. */
    private static int inside(List<TextCut> cuts, int i) {
        for (TextCut c : cuts) {
            if (i > c.start() && i < c.end()) {
                return c.end();
            }
        }
        return -1;
    }

    /**
     * Adds a pattern's cut unless it overlaps a cut it does not strictly contain; cuts it contains (a
     * known identifier inside a URL, say) give way to it. Returns whether it was added.
     */
    private static boolean place(List<TextCut> cuts, TextCut cut) {
        for (TextCut c : cuts) {
            boolean overlap = cut.start() < c.end() && cut.end() > c.start();
            boolean contains = cut.start() <= c.start() && cut.end() >= c.end();
            boolean same = cut.start() == c.start() && cut.end() == c.end();
            if (overlap && (!contains || same)) {
                return false; // a known identifier of the same span keeps its replacement
            }
        }
        cuts.removeIf(c -> cut.start() <= c.start() && cut.end() >= c.end());
        cuts.add(cut);
        return true;
    }
}
