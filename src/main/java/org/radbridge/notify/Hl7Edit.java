package org.radbridge.notify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.radbridge.hl7.Delimiters;

/**
 * Field-level edits of HL7 v2 text that leave everything else exactly as it was (HL7 v2.5 2.5
 * "Message construction rules"): a forwarded report keeps every segment, component and escape sequence
 * but the header fields RadBridge rewrites. Segments are separated by CR; field numbering follows HL7
 * (MSH-1 is the field separator, so MSH-n is the (n-1)th separator-delimited piece).
 */
public final class Hl7Edit {

    /** Content type of outbound HL7 v2 outbox entries; the charset parameter names the payload's encoding. */
    public static final String CONTENT_TYPE = "application/hl7-v2";

    private Hl7Edit() {
    }

    /** CR as the only segment separator (LF and CRLF from files become CR), ending with one CR. */
    public static String normalize(String text) {
        String t = text.replace("\r\n", "\r").replace('\n', '\r');
        while (t.endsWith("\r\r")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.endsWith("\r") ? t : t + "\r";
    }

    /**
     * Sets field {@code field} of the first segment {@code segmentId} to {@code raw} (already escaped, may
     * hold components); missing fields are added. Returns the message unchanged when there is no such segment.
     */
    public static String setField(String message, String segmentId, int field, String raw) {
        String text = normalize(message);
        Delimiters d = delimiters(text);
        String fs = String.valueOf(d.field());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\r', start);
            if (end < 0) {
                end = text.length();
            }
            String seg = text.substring(start, end);
            if (seg.startsWith(segmentId) && (seg.length() == 3 || seg.charAt(3) == d.field())) {
                String edited = setInSegment(seg, fs, segmentId.equals("MSH") ? field - 1 : field, raw);
                return text.substring(0, start) + edited + text.substring(end);
            }
            start = end + 1;
        }
        return text;
    }

    private static String setInSegment(String seg, String fs, int index, String raw) {
        String[] parts = seg.split(java.util.regex.Pattern.quote(fs), -1);
        int n = Math.max(parts.length, index + 1);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = i < parts.length ? parts[i] : "";
        }
        out[index] = raw == null ? "" : raw;
        int last = n - 1;
        if (index == last) {
            // the edited field ends the segment: no trailing empty fields (those after it are kept as they were)
            while (last > 0 && out[last].isEmpty()) {
                last--;
            }
        }
        StringBuilder sb = new StringBuilder(seg.length() + 16);
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(fs);
            }
            sb.append(out[i]);
        }
        return sb.toString();
    }

    /** The delimiters of a message's MSH (the standard ones when there is none). */
    public static Delimiters delimiters(String text) {
        if (text.startsWith("MSH")) {
            Delimiters d = Delimiters.fromHeader(text);
            if (d != null) {
                return d;
            }
        }
        return Delimiters.STANDARD;
    }

    /** "application/hl7-v2; charset=ISO-8859-1". */
    public static String contentType(Charset cs) {
        return CONTENT_TYPE + "; charset=" + cs.name();
    }

    /** The charset of a content type (UTF-8 when none is named or it is unknown). */
    public static Charset charsetOf(String contentType) {
        if (contentType != null) {
            int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = contentType.substring(i + 8).trim();
                int semi = name.indexOf(';');
                if (semi >= 0) {
                    name = name.substring(0, semi).trim();
                }
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * The bytes to send for an outbox payload: MSH-10 set to the entry's stable control id (design.md §2:
     * every attempt and every redelivery of one entry carries the same id), in the payload's charset.
     */
    public static byte[] stamp(byte[] payload, String contentType, String controlId) {
        Charset cs = charsetOf(contentType);
        String text = new String(payload == null ? new byte[0] : payload, cs);
        if (controlId != null && !controlId.isEmpty()) {
            text = setField(text, "MSH", 10, org.radbridge.hl7.Hl7Escapes.escape(controlId, delimiters(text)));
        } else {
            text = normalize(text);
        }
        return text.getBytes(cs);
    }
}
