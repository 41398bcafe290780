package org.radbridge.worklist.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The attribute matching rules of PS3.4 C.2.2.2 on string values: single value (exact; person names
 * optionally case-insensitive), universal (zero length, or a lone "*", which also matches empty values),
 * wild card ("*" any run of characters, "?" one character: one Unicode code point), and the rule of PS3.4
 * K.2.2 that an empty stored value fails any other non-empty key. Case-insensitive matching folds one code
 * point at a time ({@link #fold}); wild card matching takes linear time ({@link #wildcard}).
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

    /**
     * Wild card matching (PS3.4 C.2.2.2.4): '*' any sequence of characters (also none), '?' exactly one
     * character, a character being one Unicode code point (a supplementary character counts once). The pattern
     * is split at '*'; the first and last pieces are anchored, each piece between is taken at its leftmost
     * occurrence (bit-parallel Shift-And search), which is correct for '*' patterns and never backtracks: time
     * O(n * ceil(m / 64)) for a value of n and a pattern of m code points, i.e. linear for DICOM-sized keys.
     */
    public static boolean wildcard(String s, String p) {
        if (p.indexOf('?') < 0 && !hasSurrogate(p)) {
            return starsOnly(s, p);
        }
        return wildcardCodePoints(s, p);
    }

    /** {@link #wildcard} on code point arrays (any pattern; package-private: the tests compare the fast path with it). */
    static boolean wildcardCodePoints(String s, String p) {
        int[] t = s.codePoints().toArray();
        int[] q = p.codePoints().toArray();
        List<int[]> pieces = pieces(q);
        if (pieces.size() == 1) {
            return t.length == q.length && matchesAt(t, 0, q);
        }
        int[] first = pieces.get(0);
        int[] last = pieces.get(pieces.size() - 1);
        if (first.length + last.length > t.length || !matchesAt(t, 0, first) || !matchesAt(t, t.length - last.length, last)) {
            return false;
        }
        int from = first.length;
        int end = t.length - last.length;
        for (int i = 1; i < pieces.size() - 1; i++) {
            int[] piece = pieces.get(i);
            int at = find(t, from, end, piece);
            if (at < 0) {
                return false;
            }
            from = at + piece.length;
        }
        return true;
    }

    /**
     * {@link #wildcard} for a pattern with '*' only and no surrogate: the same pieces, anchored first and last and the
     * ones between at their leftmost occurrence, found with String operations on UTF-16 units. Every piece begins and
     * ends with a character of the Basic Multilingual Plane, so an occurrence never begins or ends inside a
     * surrogate pair of the value: it is an occurrence in code points, and lengths compare as in code points.
     */
    private static boolean starsOnly(String s, String p) {
        int star = p.indexOf('*');
        if (star < 0) {
            return s.equals(p);
        }
        int lastStar = p.lastIndexOf('*');
        int firstLen = star;
        int lastLen = p.length() - lastStar - 1;
        if (firstLen + lastLen > s.length() || !s.regionMatches(0, p, 0, firstLen)
                || !s.regionMatches(s.length() - lastLen, p, lastStar + 1, lastLen)) {
            return false;
        }
        int from = firstLen;
        int end = s.length() - lastLen;
        int i = star + 1;
        while (i < lastStar) {
            int j = p.indexOf('*', i);
            if (j > i) {
                String piece = p.substring(i, j);
                int at = s.indexOf(piece, from);
                if (at < 0 || at + piece.length() > end) {
                    return false;
                }
                from = at + piece.length();
            }
            i = j + 1;
        }
        return true;
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The pattern's pieces between '*' (empty ones between consecutive stars dropped, first and last kept). */
    private static List<int[]> pieces(int[] q) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= q.length; i++) {
            if (i == q.length || q[i] == '*') {
                if (i > start || out.isEmpty() || i == q.length) {
                    out.add(java.util.Arrays.copyOfRange(q, start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean matchesAt(int[] t, int at, int[] piece) {
        if (at < 0 || at + piece.length > t.length) {
            return false;
        }
        for (int i = 0; i < piece.length; i++) {
            if (piece[i] != '?' && piece[i] != t[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** Leftmost start of {@code piece} ('?' any one) within t[from, end), or -1: Shift-And over 64-bit words. */
    private static int find(int[] t, int from, int end, int[] piece) {
        int m = piece.length;
        int words = (m + 63) >>> 6;
        long[] any = new long[words];
        java.util.Map<Integer, long[]> masks = new java.util.HashMap<>();
        for (int i = 0; i < m; i++) {
            if (piece[i] == '?') {
                any[i >>> 6] |= 1L << (i & 63);
            }
        }
        for (int i = 0; i < m; i++) {
            if (piece[i] != '?') {
                masks.computeIfAbsent(piece[i], c -> any.clone())[i >>> 6] |= 1L << (i & 63);
            }
        }
        long[] state = new long[words];
        int top = (m - 1) >>> 6;
        long hit = 1L << ((m - 1) & 63);
        for (int j = from; j < end; j++) {
            long[] mask = masks.getOrDefault(t[j], any);
            long carry = 1L;
            for (int w = 0; w < words; w++) {
                long next = state[w] >>> 63;
                state[w] = ((state[w] << 1) | carry) & mask[w];
                carry = next;
            }
            if ((state[top] & hit) != 0) {
                return j - m + 1;
            }
        }
        return -1;
    }

    /**
     * Case folding for case-insensitive person name matching: each code point upper-cased on its own
     * ({@link Character#toUpperCase(int)}, a 1:1 mapping), so a folded value has as many characters as the
     * original and '?' still matches one of them ("ß" stays "ß", where {@code String.toUpperCase} gives "SS").
     */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int up = Character.toUpperCase((int) c);
            if (Character.isSurrogate(c) || up > 0xFFFF) {
                return foldCodePoints(s);
            }
            if (up != c) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) up;
            }
        }
        return out == null ? s : new String(out);
    }

    /** {@link #fold} one code point at a time (values with supplementary characters; package-private for the tests). */
    static String foldCodePoints(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toUpperCase(cp)));
        return sb.toString();
    }

    /**
     * Code points c = Character.toUpperCase(x) of the characters x whose {@code String.toUpperCase} differs
     * (special casing: ß, ligatures, some Greek): up to such a code point a folded key and the *_ci columns
     * (String upper case) agree.
     */
    private static final java.util.Set<Integer> SPECIAL = specialCasing();

    private static java.util.Set<Integer> specialCasing() {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            int up = Character.toUpperCase(c);
            if (!String.valueOf((char) c).toUpperCase(java.util.Locale.ROOT).equals(new String(Character.toChars(up)))) {
                out.add(up);
            }
        }
        return java.util.Set.copyOf(out);
    }

    /**
     * The part of a folded literal that can narrow by the *_ci columns (which hold {@code String.toUpperCase}
     * values): cut before the first code point where the two upper cases may differ.
     */
    public static String indexSafe(String folded) {
        int i = 0;
        while (i < folded.length()) {
            int cp = folded.codePointAt(i);
            if (SPECIAL.contains(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return folded.substring(0, i);
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
