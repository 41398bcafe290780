package org.radbridge.deid.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radbridge.deid.Dates;

/**
 * The patterns of clean-text (45 CFR 164.514(b)(2)(i) C, D, E, F, G, N, O, R): what looks like a date,
 * telephone or fax number, SSN, e-mail address, URL, IP address, DICOM UID, identifying number or an age
 * over 89, tried only where a token starts and only after cheap checks of its shape. Dates become their
 * year, a shifted date, [DATE] or stay, per the profile; a date known from the message is always [DATE].
 */
final class TextPatterns {

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
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    private final TextScrubber.DateMode dates;
    private final boolean capAges;

    TextPatterns(TextScrubber.DateMode dates, boolean capAges) {
        this.dates = dates;
        this.capAges = capAges;
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

    TextCut atDigit(String text, int i, int shift, java.util.function.UnaryOperator<String> uids, KnownIdentifiers known) {
        Matcher m;
        char c0 = text.charAt(i);
        int run = digitRun(text, i);
        char next = charAt(text, i + run);
        if (c0 == '+') {
            if ((m = at(INTL_PHONE, text, i)) != null && digitCount(m.group()) >= 8) {
                return new TextCut(i, m.end(), "[PHONE]");
            }
            return null;
        }
        if (c0 == '(') {
            return (m = at(PHONE, text, i)) != null ? new TextCut(i, m.end(), "[PHONE]") : null;
        }
        boolean sep = next == '-' || next == '/' || next == '.';
        if (run == 1 && c0 <= '2' && next == '.' && (m = at(UID, text, i)) != null && m.group().length() >= 9
                && at(IP, text, i) == null) {
            return new TextCut(i, m.end(), uids == null ? "[UID]" : uids.apply(m.group()));
        }
        if (run <= 4 && !sep && next != ' ' && next != '-' && run != 3 && !Character.isLetter(next)) {
            return longId(text, i);
        }
        if (run == 4 && sep && (m = at(ISO_DATE, text, i)) != null) {
            TextCut c = date(m, known, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), shift);
            if (c != null) {
                return c;
            }
        }
        if (run == 3 && next == '-' && (m = at(SSN, text, i)) != null) {
            return new TextCut(i, m.end(), "[SSN]");
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
                    return dates == TextScrubber.DateMode.KEEP ? new TextCut(i, m.end(), m.group(), null) : new TextCut(i, m.end(), "[DATE]");
                }
                TextCut c = date(m, known, y, month, day, shift);
                if (c != null) {
                    return c;
                }
            }
        }
        boolean dayWord = run <= 2 && (next == ' ' || next == '-' || Character.isLetter(next));
        if (dayWord && (m = at(DAY_MONTH_YEAR, text, i)) != null) {
            TextCut c = date(m, known, Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)), shift);
            if (c != null) {
                return c;
            }
        }
        if ((run == 8 || run == 12 || run == 14) && (m = at(COMPACT, text, i)) != null) {
            String d = m.group(1);
            TextCut c = date(m, known, Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)), shift);
            if (c != null) {
                return c;
            }
        }
        if ((run == 3 || run == 10 || run == 1 && c0 == '1') && (m = at(PHONE, text, i)) != null) {
            return new TextCut(i, m.end(), "[PHONE]");
        }
        if (run <= 3 && next == '.' && (m = at(IP, text, i)) != null) {
            return new TextCut(i, m.end(), "[IP]");
        }
        if (dayWord && (m = at(DAY_MONTH, text, i)) != null && dates != TextScrubber.DateMode.KEEP && Integer.parseInt(m.group(1)) <= 31) {
            return new TextCut(i, m.end(), "[DATE]");
        }
        if (capAges && (run == 2 || run == 3) && (m = at(AGE, text, i)) != null && Integer.parseInt(m.group(1)) > 89) {
            return new TextCut(i, m.end(1), "90+");
        }
        return longId(text, i);
    }

    TextCut atLetter(String text, int i, int shift, KnownIdentifiers known) {
        char c = Character.toLowerCase(text.charAt(i));
        Matcher m;
        if ((c == 'h' || c == 'w') && (text.regionMatches(true, i, "http", 0, 4) || text.regionMatches(true, i, "www.", 0, 4))
                && (m = at(URL, text, i)) != null) {
            return new TextCut(i, m.end(), "[URL]");
        }
        String w = "jfmasond".indexOf(c) >= 0 || c == 'a' ? word(text, i) : "";
        if (MONTH_WORDS.contains(w)) {
            if ((m = at(MONTH_DAY_YEAR, text, i)) != null) {
                TextCut d = date(m, known, Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)), shift);
                if (d != null) {
                    return d;
                }
            }
            Matcher my = at(MONTH_YEAR, text, i);
            if (my != null && (!"may".equalsIgnoreCase(my.group(1)) || text.charAt(i) == 'M')) {
                int y = Integer.parseInt(my.group(2));
                if (y >= 1800 && y < 2200) {
                    String ym = String.format(Locale.ROOT, "%04d-%02d", y, month(my.group(1)));
                    if (dates == TextScrubber.DateMode.KEEP) {
                        return new TextCut(i, my.end(), my.group(), null);
                    }
                    String with = switch (dates) {
                        case KEEP -> my.group();
                        case YEAR_ONLY -> my.group(2);
                        case REMOVE -> "[DATE]";
                        case SHIFT -> Dates.shift(ym, shift);
                    };
                    return new TextCut(i, my.end(), with, "date");
                }
            }
            if (dates != TextScrubber.DateMode.KEEP && (m = at(MONTH_DAY, text, i)) != null && Integer.parseInt(m.group(2)) <= 31
                    && (!"may".equalsIgnoreCase(m.group(1)) || text.charAt(i) == 'M')) {
                return new TextCut(i, m.end(), "[DATE]");
            }
        }
        if (capAges && (w.equals("age") || w.equals("aged")) && (m = at(AGED, text, i)) != null && Integer.parseInt(m.group(2)) > 89) {
            return new TextCut(m.start(2), m.end(2), "90+");
        }
        return longId(text, i);
    }

    /** A token of letters, digits and dashes with 6 digits or more: an identifying number (164.514(b)(2)(i)(R)). */
    private static TextCut longId(String text, int i) {
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
        return digits >= 6 ? new TextCut(i, end, "[ID]") : null;
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
    private TextCut date(Matcher m, KnownIdentifiers known, int y, int month, int day, int shift) {
        if (y < 1800 || y >= 2200 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        if (known != null && known.isKnownDate(y, month, day) && dates != TextScrubber.DateMode.KEEP) {
            return new TextCut(m.start(), m.end(), "[DATE]", "date");
        }
        if (dates == TextScrubber.DateMode.KEEP) {
            return new TextCut(m.start(), m.end(), m.group(), null);
        }
        String with = switch (dates) {
            case KEEP -> m.group();
            case YEAR_ONLY -> String.valueOf(y);
            case REMOVE -> "[DATE]";
            case SHIFT -> Dates.shift(Dates.format(y, month, day, true), shift);
        };
        return new TextCut(m.start(), m.end(), with, "date");
    }
}
