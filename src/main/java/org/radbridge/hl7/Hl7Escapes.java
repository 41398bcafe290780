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

    /** Escapes delimiters in a value so it can be placed in one component; line breaks become \.br\. */
    public static String escape(String s, Delimiters d) {
        if (s == null || s.isEmpty() || !needsEscape(s, d)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = null;
            if (c == d.escape()) {
                rep = "E";
            } else if (c == d.field()) {
                rep = "F";
            } else if (c == d.component()) {
                rep = "S";
            } else if (c == d.subcomponent()) {
                rep = "T";
            } else if (c == d.repetition()) {
                rep = "R";
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                rep = ".br";
            }
            if (rep == null) {
                out.append(c);
            } else {
                out.append(d.escape()).append(rep).append(d.escape());
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(String s, Delimiters d) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == d.escape() || c == d.field() || c == d.component() || c == d.subcomponent()
                    || c == d.repetition() || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
