package org.radbridge.worklist.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The attribute matching rules of PS3.4 C.2.2.2 on string values: single value (exact; person names
 * optionally case-insensitive), universal (zero length, or a lone "*", which also matches empty values),
 * wild card ("*" any run of characters, "?" one character), and the rule of PS3.4 K.2.2 that an empty
 * stored value fails any other non-empty key.
 */
public final class Matching {

    private Matching() {
    }

    /** Zero length or a lone "*" (after trailing spaces are dropped). */
    public static boolean isUniversal(String key) {
        if (key == null) {
            return true;
        }
        String k = key.strip();
        return k.isEmpty() || k.equals("*");
    }

    public static boolean hasWildcard(String key) {
        return key.indexOf('*') >= 0 || key.indexOf('?') >= 0;
    }

    /** The values of a key: backslash separates alternatives (multiple value matching); spaces trimmed. */
    public static List<String> alternatives(String key) {
        List<String> out = new ArrayList<>();
        for (String s : key.split("\\\\", -1)) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** One alternative against a stored value (null or empty fails). */
    public static boolean matches(String stored, String pattern, boolean wildcards) {
        if (stored == null || stored.isEmpty()) {
            return false;
        }
        return wildcards && hasWildcard(pattern) ? wildcard(stored.strip(), pattern) : stored.strip().equals(pattern);
    }

    /** Wild card matching: '*' any sequence (also empty), '?' exactly one character (iterative, no backtracking blow-up). */
    public static boolean wildcard(String s, String p) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** The literal text before the first wildcard (for an index range), "" when the pattern starts with one. */
    public static String literalPrefix(String pattern) {
        int i = 0;
        while (i < pattern.length() && pattern.charAt(i) != '*' && pattern.charAt(i) != '?') {
            i++;
        }
        return pattern.substring(0, i);
    }

    /** The smallest string greater than every string starting with {@code prefix} (for "col < ?"). */
    public static String prefixUpperBound(String prefix) {
        return prefix + "\uDBFF\uDFFF";
    }
}
