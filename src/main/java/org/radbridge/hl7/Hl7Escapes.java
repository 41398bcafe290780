package org.radbridge.hl7;

/**
 * HL7 v2 escape sequences (HL7 v2.5 2.7 "Use of escape sequences in text fields"): \F\ \S\ \T\ \R\ \E\,
 * hexadecimal \Xhh..\, and the formatting commands of FT (\.br\, \.sp\, \H\, \N\ ...).
 */
public final class Hl7Escapes {

    private Hl7Escapes() {
    }

    /** Decodes the escape sequences of one value; formatting commands become line breaks or vanish. */
    public static String unescape(String s, Delimiters d) {
        if (s == null || d.escape() == 0 || s.indexOf(d.escape()) < 0) {
            return s;
        }
        char esc = d.escape();
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != esc) {
                out.append(c);
                i++;
                continue;
            }
            int end = s.indexOf(esc, i + 1);
            if (end < 0) {
                out.append(s, i, s.length()); // lone escape character: keep it literally
                break;
            }
            String seq = s.substring(i + 1, end);
            if (!appendSequence(seq, d, out)) {
                // Not a known sequence: keep the text literally (senders often mean a backslash).
                out.append(esc);
                i++;
                continue;
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static boolean appendSequence(String seq, Delimiters d, StringBuilder out) {
        if (seq.length() == 1) {
            switch (seq.charAt(0)) {
                case 'F': out.append(d.field()); return true;
                case 'S': out.append(d.component()); return true;
                case 'T': out.append(d.subcomponent()); return true;
                case 'R': out.append(d.repetition()); return true;
                case 'E': out.append(d.escape()); return true;
                case 'H': case 'N': return true; // highlighting on/off: no meaning in plain text
                default: return false;
            }
        }
        if (seq.isEmpty()) {
            return false;
        }
        if (seq.charAt(0) == 'X' && seq.length() % 2 == 1 && isHex(seq, 1)) {
            byte[] b = new byte[(seq.length() - 1) / 2];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) Integer.parseInt(seq.substring(1 + 2 * k, 3 + 2 * k), 16);
            }
            out.append(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            return true;
        }
        if (seq.equals(".br")) {
            out.append('\n');
            return true;
        }
        if (seq.startsWith(".sp")) {
            out.append('\n');
            return true;
        }
        if (seq.startsWith(".") || seq.startsWith("Z")
                || (seq.charAt(0) == 'C' || seq.charAt(0) == 'M') && isHex(seq, 1)) {
            return true; // other formatting, locally defined or charset-switch sequences: dropped
        }
        return false;
    }

    private static boolean isHex(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Escapes a value so it can be placed in one component (HL7 v2.5 2.7.1-2.7.4): delimiters become \F\ \S\
     * \T\ \R\ \E\, line breaks \.br\, other control characters (NUL, VT, FS ...) the hexadecimal \Xhh\;
     * an unpaired surrogate becomes '?'. Without an escape character (a short MSH-2) nothing can be
     * escaped: delimiters and control characters are replaced by '?'. The result never contains a raw
     * control character.
     */
    public static String escape(String s, Delimiters d) {
        return escape(s, d, true);
    }

    /**
     * Like {@link #escape} but line breaks too become \X0D\ / \X0A\, so that an identifier (e.g. MSH-10 echoed
     * in MSA-2) decodes to exactly the characters it had.
     */
    public static String escapeExact(String s, Delimiters d) {
        return escape(s, d, false);
    }

    private static String escape(String s, Delimiters d, boolean lineBreaks) {
        if (s == null || s.isEmpty() || !needsEscape(s, d)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (lineBreaks && (c == '\r' || c == '\n') && d.escape() != 0) {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                out.append(d.escape()).append(".br").append(d.escape());
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append('?');
                }
            } else {
                appendEscaped(c, d, out);
            }
        }
        return out.toString();
    }

    /** One character of a value, escaped for delimiters d (see {@link #escape}). */
    private static void appendEscaped(char c, Delimiters d, StringBuilder out) {
        String rep = null;
        if (c == 0 || isControl(c)) {
            rep = String.format("X%02X", (int) c);
        } else if (c == d.escape()) {
            rep = "E";
        } else if (c == d.field()) {
            rep = "F";
        } else if (c == d.component()) {
            rep = "S";
        } else if (c == d.subcomponent()) {
            rep = "T";
        } else if (c == d.repetition()) {
            rep = "R";
        }
        if (rep == null) {
            out.append(c);
        } else if (d.escape() == 0) {
            out.append('?');
        } else {
            out.append(d.escape()).append(rep).append(d.escape());
        }
    }

    /** C0 controls and DEL: never written raw into a message (VT, FS and CR would break MLLP framing). */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    /**
     * Raw (still escaped) text of a field written with delimiters {@code from}, rewritten for delimiters
     * {@code to}: separators are translated, escape sequences kept (they are independent of the characters
     * chosen), characters that are delimiters of {@code to} escaped, control characters written as \Xhh\. An
     * escape character that does not start a plausible sequence is written as \E\.
     */
    public static String recode(String raw, Delimiters from, Delimiters to) {
        if (raw == null || raw.isEmpty()) {
            return raw == null ? "" : raw;
        }
        if (from.equals(to) && !hasControl(raw)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != 0 && c == from.component()) {
                out.append(to.component());
            } else if (c != 0 && c == from.subcomponent()) {
                out.append(to.subcomponent());
            } else if (c != 0 && c == from.repetition()) {
                out.append(to.repetition());
            } else if (c != 0 && c == from.escape()) {
                int end = raw.indexOf(c, i + 1);
                if (end > i + 1 && isSequence(raw, i + 1, end) && to.escape() != 0) {
                    out.append(to.escape()).append(raw, i + 1, end).append(to.escape());
                    i = end;
                } else {
                    appendEscaped(to.escape() == 0 ? '?' : to.escape(), to, out); // a literal escape character
                }
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    out.append(c).append(raw.charAt(++i));
                } else {
                    out.append('?');
                }
            } else {
                appendEscaped(c, to, out);
            }
        }
        return out.toString();
    }

    /** Escape sequence bodies are short runs of letters, digits, '.', '+' and '-' (\X0D\, \.br\, \.sp+2\, \Zxx\). */
    private static boolean isSequence(String s, int from, int to) {
        if (to - from > 64) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsEscape(String s, Delimiters d) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == d.escape() || c == d.field() || c == d.component() || c == d.subcomponent()
                    || c == d.repetition() || isControl(c) || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
