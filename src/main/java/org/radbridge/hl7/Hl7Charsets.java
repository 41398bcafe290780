package org.radbridge.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Decoding received bytes by MSH-18 (HL7 table 0211, "Alternate character sets"). MSH-18 is read from the
 * raw bytes (the MSH segment is ASCII in every supported set) before the message is decoded.
 *
 * <p>Policy (docs/acknowledgements.md): MSH-18 absent, blank, a single space or ASCII: decode as UTF-8
 * if the bytes are valid UTF-8, else ISO-8859-1 (real senders put both into "ASCII" messages).
 * 8859/1: ISO-8859-1. UNICODE UTF-8 and UNICODE: UTF-8. A per-sender override (mappings/peers/) wins over
 * MSH-18 for senders that lie. Unknown names are treated as absent.
 */
public final class Hl7Charsets {

    private Hl7Charsets() {
    }

    private static final Map<String, Charset> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1),
            Map.entry("8859/2", Charset.forName("ISO-8859-2")),
            Map.entry("8859/5", Charset.forName("ISO-8859-5")),
            Map.entry("8859/7", Charset.forName("ISO-8859-7")),
            Map.entry("8859/9", Charset.forName("ISO-8859-9")),
            Map.entry("8859/15", Charset.forName("ISO-8859-15")),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8),
            Map.entry("UNICODE", StandardCharsets.UTF_8),
            Map.entry("UTF-8", StandardCharsets.UTF_8),
            Map.entry("WINDOWS-1252", Charset.forName("windows-1252")),
            Map.entry("CP1252", Charset.forName("windows-1252")));

    /** The charset named by an MSH-18 value (or an override such as "UTF-8", "8859/1"); null when none. */
    public static Charset forName(String msh18) {
        if (msh18 == null) {
            return null;
        }
        String k = msh18.trim().toUpperCase(Locale.ROOT);
        if (k.isEmpty()) {
            return null;
        }
        Charset c = TABLE_0211.get(k);
        if (c == null) {
            try {
                c = Charset.forName(k);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return c;
    }

    /** Finds MSH-18 in raw bytes (first repetition); "" when absent or unreadable. */
    public static String msh18(byte[] raw) {
        int start = indexOf(raw, new byte[] {'M', 'S', 'H'});
        if (start < 0 || start + 4 >= raw.length) {
            return "";
        }
        byte fs = raw[start + 3];
        int field = 2; // after "MSH" and MSH-1 (the separator) we are in MSH-2
        int i = start + 4;
        int valueStart = -1;
        for (; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                break;
            }
            if (b == fs) {
                field++;
                if (field == 18) {
                    valueStart = i + 1;
                } else if (field == 19) {
                    break;
                }
            }
        }
        if (valueStart < 0 || valueStart > i) {
            return "";
        }
        String v = new String(raw, valueStart, i - valueStart, StandardCharsets.ISO_8859_1);
        // first repetition, first component: the separators are MSH-2's first two characters
        if (start + 6 <= raw.length) {
            char comp = (char) raw[start + 4];
            char rep = (char) raw[start + 5];
            int cut = v.length();
            int a = v.indexOf(rep);
            if (a >= 0) {
                cut = Math.min(cut, a);
            }
            int b = v.indexOf(comp);
            if (b >= 0) {
                cut = Math.min(cut, b);
            }
            v = v.substring(0, cut);
        }
        return v;
    }

    /** Decodes with the declared charset, or, when none, UTF-8 if valid else ISO-8859-1. */
    public static Decoded decode(byte[] raw, int offset, int length, Charset declared) {
        if (declared != null && declared != StandardCharsets.US_ASCII) {
            return new Decoded(new String(raw, offset, length, declared), declared);
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, offset, length)).toString();
            return new Decoded(s, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(raw, offset, length, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }

    /** Decoded text and the charset actually used. */
    public record Decoded(String text, Charset charset) {
    }

    static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= a.length; i++) {
            for (int k = 0; k < p.length; k++) {
                if (a[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The MSH-18 name to write for a charset in an outbound header ("" = leave MSH-18 empty). */
    public static String msh18Name(Charset c) {
        if (c == null || c == StandardCharsets.US_ASCII) {
            return "";
        }
        if (c == StandardCharsets.UTF_8) {
            return "UNICODE UTF-8";
        }
        if (c == StandardCharsets.ISO_8859_1) {
            return "8859/1";
        }
        return "";
    }
}
