package org.radbridge.hl7;

/**
 * The five HL7 v2 delimiters of one message, read from MSH-1 and MSH-2 (HL7 v2.5 2.5.4 "Message
 * delimiters"). Missing encoding characters fall back to the standard ones, so a message with a short
 * MSH-2 (e.g. "MSH|^") can still be read.
 */
public record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {

    public static final Delimiters STANDARD = new Delimiters('|', '^', '~', '\\', '&');

    /**
     * Reads MSH-1 and MSH-2 from the start of an MSH (or FHS/BHS) segment; null if too short or if MSH-2
     * holds a letter or digit (HL7 v2.5 2.5.4: delimiters are not alphanumeric; typically a sender that left
     * MSH-2 out, "MSH|RAD|..."). Reading such a message with them would also make its acknowledgement
     * unreadable ("AA" split at "A").
     */
    public static Delimiters fromHeader(CharSequence segment) {
        if (segment.length() < 4) {
            return null;
        }
        char f = segment.charAt(3);
        if (Character.isLetterOrDigit(f) || f == '\r' || f == '\n') {
            return null;
        }
        char[] enc = {'^', '~', '\\', '&'};
        boolean[] used = new boolean[4];
        int i = 4;
        int n = 0;
        while (i < segment.length() && n < 4) {
            char c = segment.charAt(i);
            if (c == f || c == '\r' || c == '\n') {
                break;
            }
            if (Character.isLetterOrDigit(c)) {
                return null;
            }
            enc[n] = c;
            used[n] = true;
            n++;
            i++;
        }
        // Defaults for missing characters must not collide with the ones given.
        for (int k = n; k < 4; k++) {
            char d = STANDARD_ENC[k];
            if (d == f || contains(enc, n, d)) {
                d = (char) 0; // unusable: this delimiter does not exist in the message
            }
            enc[k] = d;
        }
        return new Delimiters(f, enc[0], enc[1], enc[2], enc[3]);
    }

    private static final char[] STANDARD_ENC = {'^', '~', '\\', '&'};

    private static boolean contains(char[] a, int n, char c) {
        for (int i = 0; i < n; i++) {
            if (a[i] == c) {
                return true;
            }
        }
        return false;
    }

    /** MSH-2 as written in an outbound header. */
    public String encodingCharacters() {
        StringBuilder sb = new StringBuilder(4);
        for (char c : new char[] {component, repetition, escape, subcomponent}) {
            if (c != 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The parts of raw (still escaped) text between separators; a separator of 0 gives the whole text. */
    public static java.util.List<String> split(String s, char sep) {
        java.util.List<String> out = new java.util.ArrayList<>(4);
        if (sep == 0) {
            out.add(s);
            return out;
        }
        int from = 0;
        int i;
        while ((i = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, i));
            from = i + 1;
        }
        out.add(s.substring(from));
        return out;
    }
}
