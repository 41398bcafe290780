package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.mllp.Mllp;

/**
 * Reads HL7 v2 text into an {@link Hl7Message} (HL7 v2.5 2.5 "Message construction rules"). Tolerant of
 * what real senders emit: CR, LF or CRLF segment separators, a byte-order mark or control bytes before
 * MSH, blank lines, short MSH-2. Lines that are not segments are reported in
 * {@link Hl7Message#problems()} rather than silently merged. Cheap: fields are split only when read.
 */
public final class Hl7Parser {

    /** At most this many non-segment lines are reported in {@link Hl7Message#problems()}. */
    static final int MAX_PROBLEMS = 10;

    private Hl7Parser() {
    }

    /**
     * Parses one message. The text must start with MSH (after any leading noise); batch headers
     * (FHS/BHS) are accepted as first segment too, so a batch can be recognised.
     *
     * @throws Hl7Error AR/100 when there is no MSH header
     */
    public static Hl7Message parse(String text) {
        int start = headerStart(text);
        if (start < 0) {
            throw Hl7Error.refused(Hl7Error.Code.SEGMENT_SEQUENCE, null,
                    "no MSH segment: this is not an HL7 v2 message");
        }
        int lineEnd = lineEnd(text, start);
        Delimiters d = Delimiters.fromHeader(text.substring(start, lineEnd));
        if (d == null) {
            throw Hl7Error.refused(Hl7Error.Code.SEGMENT_SEQUENCE, "MSH-1",
                    "MSH-1/MSH-2 do not define usable delimiters");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Integer> problemLines = new ArrayList<>();
        int line = 0;
        int pos = start;
        int cr = -1; // the next CR and LF at or after pos (String.indexOf: a vectorised search), MAX_VALUE when none
        int lf = -1;
        while (pos < text.length()) {
            if (cr < pos) {
                cr = next(text, '\r', pos);
            }
            if (lf < pos) {
                lf = next(text, '\n', pos);
            }
            int end = Math.min(text.length(), Math.min(cr, lf));
            String s = text.substring(pos, end);
            line++;
            pos = skipSeparator(text, end);
            if (isBlank(s)) {
                continue;
            }
            if (!isSegment(s, d)) {
                if (problems.size() >= MAX_PROBLEMS) {
                    continue; // the first ones name the defect; keep memory bounded for junk input
                }
                problems.add("line " + line + " is not a segment: starts with \"" + visiblePrefix(s) + "\"");
                problemLines.add(line);
                continue;
            }
            segments.add(new Segment(s, d, line));
        }
        return new Hl7Message(segments, d, problems, problemLines);
    }

    /** Offset of the first MSH/FHS/BHS that starts a line or follows only noise, or -1. */
    static int headerStart(String text) {
        int i = 0;
        // skip BOM, control characters, whitespace
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || c < 0x20 || c == ' ') {
                i++;
            } else {
                break;
            }
        }
        for (String h : new String[] {"MSH", "FHS", "BHS"}) {
            if (text.startsWith(h, i)) {
                return i;
            }
        }
        // noise of printable characters before MSH on the first line (rare): accept an MSH later on
        int msh = text.indexOf("MSH", i);
        if (msh >= 0 && msh + 3 < text.length() && !Character.isLetterOrDigit(text.charAt(msh + 3))) {
            return msh;
        }
        return -1;
    }

    private static int next(String text, char c, int from) {
        int i = text.indexOf(c, from);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                return i;
            }
        }
        return text.length();
    }

    private static int skipSeparator(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
            if (end < text.length() && text.charAt(end) == '\n') {
                end++;
            }
            return end;
        }
        return end + 1;
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > ' ' && c != Mllp.END_BLOCK && c != Mllp.START_BLOCK) {
                return false;
            }
        }
        return true;
    }

    /** A segment is a 3-character id (letter, then letters or digits) followed by the field separator. */
    static boolean isSegment(String s, Delimiters d) {
        if (s.length() < 3) {
            return false;
        }
        char a = s.charAt(0);
        char b = s.charAt(1);
        char c = s.charAt(2);
        boolean id = a >= 'A' && a <= 'Z' && (b >= 'A' && b <= 'Z' || b >= '0' && b <= '9')
                && (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
        return id && (s.length() == 3 || s.charAt(3) == d.field());
    }

    private static String visiblePrefix(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 12; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 ? '?' : c);
        }
        return sb.toString();
    }
}
