package org.radbridge.deid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clean-text action: removes from free text every identifier known from the same message
 * ({@link KnownIdentifiers}), then what looks like an identifier of 45 CFR 164.514(b)(2)(i): dates
 * (numeric, compact and with month names; per profile kept to the year, shifted, kept or removed),
 * telephone and fax numbers, SSNs, e-mail addresses, web URLs, IP addresses, long numbers, and ages over
 * 89 ("93-year-old" becomes "90+-year-old"). Patterns are tried only where a token starts, so the cost
 * stays linear in the text.
 */
public final class TextScrubber {

    /** What happens to dates found in text. */
    public enum DateMode {
        YEAR_ONLY, SHIFT, KEEP, REMOVE;

        public static DateMode of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final int CI = Pattern.CASE_INSENSITIVE;

    // patterns at a token that starts with a digit (order matters: first match wins)
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?![\\d])");
    private static final Pattern NUM_DATE = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\d/.-]\\d)(?!\\d)");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?[ -]+" + MONTH + ",?[ -]+(\\d{4})(?!\\d)", CI);
    private static final Pattern DAY_MONTH = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?[ ]+(?:of[ ]+)?" + MONTH + "(?![a-z])", CI);
    private static final Pattern COMPACT = Pattern.compile("(\\d{8})(\\d{4}(?:\\d{2})?)?(?!\\d)");
    private static final Pattern SSN = Pattern.compile("\\d{3}-\\d{2}-\\d{4}(?!\\d)");
    private static final Pattern PHONE = Pattern.compile("(?:\\+?1[ .-]?)?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]\\d{4}(?!\\d)");
    private static final Pattern INTL_PHONE = Pattern.compile("\\+\\d{1,3}[ .-]?(?:\\(?\\d{1,4}\\)?[ .-]?){2,5}\\d{2,}");
    private static final Pattern IP = Pattern.compile("(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}(?![\\d.]\\d)(?!\\d)");
    private static final Pattern UID = Pattern.compile("[0-2](?:\\.(?:0|[1-9]\\d*)){3,}(?![\\d.]\\d)(?!\\d)");
    private static final Pattern AGE = Pattern.compile("(\\d{2,3})(?=[ -]?(?:years?|yrs?|y/o|yo|y\\.o\\.)(?![a-z]))", CI);
    // patterns at a token that starts with a letter
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(MONTH + "[ ]+(\\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\\d{4})(?!\\d)", CI);
    private static final Pattern MONTH_YEAR = Pattern.compile(MONTH + ",?[ ]+(\\d{4})(?!\\d)", CI);
    private static final Pattern MONTH_DAY = Pattern.compile(MONTH + "[ ]+(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])", CI);
    private static final Pattern AGED = Pattern.compile("(aged?[ :]+)(\\d{2,3})(?!\\d)", CI);
    private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)[^\\s<>\"]+", CI);
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern LONG_ID = Pattern.compile("[A-Za-z0-9-]*\\d[A-Za-z0-9-]*");

    private final DateMode dates;
    private final boolean capAges;

    public TextScrubber(DateMode dates, boolean capAges) {
        this.dates = dates;
        this.capAges = capAges;
    }

    /** A replacement of text[start, end) and what kind of identifier it was (for the counts, never the value). */
    private record Cut(int start, int end, String with, String kind) {
        Cut(int start, int end, String with) {
            this(start, end, with, with.startsWith("[") ? with.substring(1, with.length() - 1).toLowerCase(Locale.ROOT) : "date");
        }
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
        List<Cut> cuts = known == null || known.isEmpty() ? new ArrayList<>() : knownCuts(text, known);
        patternCuts(text, shiftDays, uids, cuts, known);
        return cuts.isEmpty() ? text : apply(text, cuts, counter);
    }

    /** Only the identifiers known from the message (for values a profile keeps); null when nothing changed. */
    static String knownOnly(String text, KnownIdentifiers known, Counter counter) {
        List<Cut> cuts = knownCuts(text, known);
        cuts.removeIf(c -> "name".equals(c.kind()) && c.end() - c.start() < KnownIdentifiers.MIN_KEPT_NAME);
        return cuts.isEmpty() ? null : apply(text, cuts, counter);
    }

    /** Counts what was removed from text (by label); may be null. */
    public interface Counter {
        void removed(String label);
    }

    static List<Cut> knownCuts(String text, KnownIdentifiers known) {
        List<Cut> cuts = new ArrayList<>();
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
                    cuts.add(new Cut(i, end, nd.label(), nd.kind()));
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
    private static String apply(String text, List<Cut> cuts, Counter counter) {
        cuts.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (Cut c : cuts) {
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

    private void patternCuts(String text, int shiftDays, java.util.function.UnaryOperator<String> uids, List<Cut> cuts,
            KnownIdentifiers known) {
        int n = text.length();
        if (text.indexOf('@') >= 0) {
            Matcher e = EMAIL.matcher(text);
            while (e.find()) {
                place(cuts, new Cut(e.start(), e.end(), "[EMAIL]"));
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
            Cut cut = Character.isLetter(c) ? atLetter(text, i, shiftDays, known) : atDigit(text, i, shiftDays, uids, known);
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
    private static int inside(List<Cut> cuts, int i) {
        for (Cut c : cuts) {
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
    private static boolean place(List<Cut> cuts, Cut cut) {
        for (Cut c : cuts) {
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

    /** Matchers of the current text, one per pattern, made when first needed (per thread: the scrubber is shared). */
    private static final ThreadLocal<java.util.IdentityHashMap<Pattern, Matcher>> MATCHERS =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    private static Matcher at(Pattern p, String text, int i) {
        java.util.IdentityHashMap<Pattern, Matcher> cache = MATCHERS.get();
        Matcher m = cache.get(p);
        if (m == null) {
            m = p.matcher(text);
            m.useTransparentBounds(true);
            cache.put(p, m);
        } else {
            m.reset(text);
        }
        m.region(i, Math.min(text.length(), i + 64));
        return m.lookingAt() ? m : null;
    }

    /** Digits at i, and the character after them (0 at the end). */
    private static int digitRun(String text, int i) {
        int k = i;
        while (k < text.length() && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
            k++;
        }
        return k - i;
    }

    private static char charAt(String text, int i) {
        return i < text.length() ? text.charAt(i) : 0;
    }

    private static final java.util.Set<String> MONTH_WORDS = java.util.Set.of("jan", "january", "feb", "february", "mar", "march",
            "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
            "nov", "november", "dec", "december");

    /** The word (letters) at i, lower case, at most 10 letters. */
    private static String word(String text, int i) {
        int k = i;
        while (k < text.length() && k - i < 10 && Character.isLetter(text.charAt(k))) {
            k++;
        }
        return text.substring(i, k).toLowerCase(Locale.ROOT);
    }

    private Cut atDigit(String text, int i, int shift, java.util.function.UnaryOperator<String> uids, KnownIdentifiers known) {
        Matcher m;
        char c0 = text.charAt(i);
        int run = digitRun(text, i);
        char next = charAt(text, i + run);
        if (c0 == '+') {
            if ((m = at(INTL_PHONE, text, i)) != null && digitCount(m.group()) >= 8) {
                return new Cut(i, m.end(), "[PHONE]");
            }
            return null;
        }
        if (c0 == '(') {
            return (m = at(PHONE, text, i)) != null ? new Cut(i, m.end(), "[PHONE]") : null;
        }
        boolean sep = next == '-' || next == '/' || next == '.';
        if (run == 1 && c0 <= '2' && next == '.' && (m = at(UID, text, i)) != null && m.group().length() >= 9
                && at(IP, text, i) == null) {
            return new Cut(i, m.end(), uids == null ? "[UID]" : uids.apply(m.group()));
        }
        if (run <= 4 && !sep && next != ' ' && next != '-' && run != 3 && !Character.isLetter(next)) {
            return longId(text, i);
        }
        if (run == 4 && sep && (m = at(ISO_DATE, text, i)) != null) {
            Cut c = date(m, known, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), shift);
            if (c != null) {
                return c;
            }
        }
        if (run == 3 && next == '-' && (m = at(SSN, text, i)) != null) {
            return new Cut(i, m.end(), "[SSN]");
        }
        if (run <= 2 && sep && (m = at(NUM_DATE, text, i)) != null) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(3));
            String ys = m.group(4);
            int y = Integer.parseInt(ys);
            boolean us = a <= 12;
            int month = us ? a : b;
            int day = us ? b : a;
            if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
                if (ys.length() == 2) {
                    return dates == DateMode.KEEP ? new Cut(i, m.end(), m.group(), null) : new Cut(i, m.end(), "[DATE]");
                }
                Cut c = date(m, known, y, month, day, shift);
                if (c != null) {
                    return c;
                }
            }
        }
        boolean dayWord = run <= 2 && (next == ' ' || next == '-' || Character.isLetter(next));
        if (dayWord && (m = at(DAY_MONTH_YEAR, text, i)) != null) {
            Cut c = date(m, known, Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)), shift);
            if (c != null) {
                return c;
            }
        }
        if ((run == 8 || run == 12 || run == 14) && (m = at(COMPACT, text, i)) != null) {
            String d = m.group(1);
            Cut c = date(m, known, Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)), shift);
            if (c != null) {
                return c;
            }
        }
        if ((run == 3 || run == 10 || run == 1 && c0 == '1') && (m = at(PHONE, text, i)) != null) {
            return new Cut(i, m.end(), "[PHONE]");
        }
        if (run <= 3 && next == '.' && (m = at(IP, text, i)) != null) {
            return new Cut(i, m.end(), "[IP]");
        }
        if (dayWord && (m = at(DAY_MONTH, text, i)) != null && dates != DateMode.KEEP && Integer.parseInt(m.group(1)) <= 31) {
            return new Cut(i, m.end(), "[DATE]");
        }
        if (capAges && (run == 2 || run == 3) && (m = at(AGE, text, i)) != null && Integer.parseInt(m.group(1)) > 89) {
            return new Cut(i, m.end(1), "90+");
        }
        return longId(text, i);
    }

    private Cut atLetter(String text, int i, int shift, KnownIdentifiers known) {
        char c = Character.toLowerCase(text.charAt(i));
        Matcher m;
        if ((c == 'h' || c == 'w') && (text.regionMatches(true, i, "http", 0, 4) || text.regionMatches(true, i, "www.", 0, 4))
                && (m = at(URL, text, i)) != null) {
            return new Cut(i, m.end(), "[URL]");
        }
        String w = "jfmasond".indexOf(c) >= 0 || c == 'a' ? word(text, i) : "";
        if (MONTH_WORDS.contains(w)) {
            if ((m = at(MONTH_DAY_YEAR, text, i)) != null) {
                Cut d = date(m, known, Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)), shift);
                if (d != null) {
                    return d;
                }
            }
            Matcher my = at(MONTH_YEAR, text, i);
            if (my != null && (!"may".equalsIgnoreCase(my.group(1)) || text.charAt(i) == 'M')) {
                int y = Integer.parseInt(my.group(2));
                if (y >= 1800 && y < 2200) {
                    String ym = String.format(Locale.ROOT, "%04d-%02d", y, month(my.group(1)));
                    if (dates == DateMode.KEEP) {
                        return new Cut(i, my.end(), my.group(), null);
                    }
                    String with = switch (dates) {
                        case KEEP -> my.group();
                        case YEAR_ONLY -> my.group(2);
                        case REMOVE -> "[DATE]";
                        case SHIFT -> Dates.shift(ym, shift);
                    };
                    return new Cut(i, my.end(), with, "date");
                }
            }
            if (dates != DateMode.KEEP && (m = at(MONTH_DAY, text, i)) != null && Integer.parseInt(m.group(2)) <= 31
                    && (!"may".equalsIgnoreCase(m.group(1)) || text.charAt(i) == 'M')) {
                return new Cut(i, m.end(), "[DATE]");
            }
        }
        if (capAges && (w.equals("age") || w.equals("aged")) && (m = at(AGED, text, i)) != null && Integer.parseInt(m.group(2)) > 89) {
            return new Cut(m.start(2), m.end(2), "90+");
        }
        return longId(text, i);
    }

    /** A token of letters, digits and dashes with 6 digits or more: an identifying number (164.514(b)(2)(i)(R)). */
    private static Cut longId(String text, int i) {
        int end = i;
        int digits = 0;
        while (end < text.length()) {
            char ch = text.charAt(end);
            if (ch >= '0' && ch <= '9') {
                digits++;
            } else if (!Character.isLetter(ch) && ch != '-') {
                break;
            }
            end++;
        }
        while (end > i && text.charAt(end - 1) == '-') {
            end--;
        }
        return digits >= 6 ? new Cut(i, end, "[ID]") : null;
    }

    private static int digitCount(String s) {
        int d = 0;
        for (int k = 0; k < s.length(); k++) {
            if (Character.isDigit(s.charAt(k))) {
                d++;
            }
        }
        return d;
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int k = 0; k < 12; k++) {
            if (Dates.MONTHS[k].startsWith(n.substring(0, 3))) {
                return k + 1;
            }
        }
        return 0;
    }

    /** A found date, replaced per the profile's date mode; null when it is not a plausible date. */
    private Cut date(Matcher m, KnownIdentifiers known, int y, int month, int day, int shift) {
        if (y < 1800 || y >= 2200 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        if (known != null && known.isKnownDate(y, month, day) && dates != DateMode.KEEP) {
            return new Cut(m.start(), m.end(), "[DATE]", "date");
        }
        if (dates == DateMode.KEEP) {
            return new Cut(m.start(), m.end(), m.group(), null);
        }
        String with = switch (dates) {
            case KEEP -> m.group();
            case YEAR_ONLY -> String.valueOf(y);
            case REMOVE -> "[DATE]";
            case SHIFT -> Dates.shift(Dates.format(y, month, day, true), shift);
        };
        return new Cut(m.start(), m.end(), with, "date");
    }
}
