package org.radbridge.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.radbridge.mllp.Mllp;

/**
 * Decoding received bytes by MSH-18 (HL7 table 0211, "Alternate character sets"). MSH-18 is read from the
 * raw bytes (the MSH segment is ASCII in every supported set) before the message is decoded.
 *
 * <p>Policy (docs/acknowledgements.md): MSH-18 absent, blank, a single space or ASCII: decode as UTF-8
 * if the bytes are valid UTF-8, else ISO-8859-1 (real senders put both into "ASCII" messages).
 * 8859/1: ISO-8859-1. UNICODE UTF-8 and UNICODE: UTF-8. A per-sender override (mappings/peers/) wins over
 * MSH-18 for senders that lie. Only the names below are honoured — the single-byte and UTF-8 sets of table
 * 0211, plus the spellings UTF-8, WINDOWS-1252 and CP1252 — never an arbitrary Java charset name: every
 * one of them is ASCII-compatible, so MLLP's VT/FS/CR bytes keep their meaning (HL7 MLLP Release 2 §2.2) and
 * an acknowledgement can never come back in UTF-16/32 or EBCDIC. Any other name ({@link #forName} null) is
 * refused by intake (docs/acknowledgements.md).
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

    /**
     * The charset named by an MSH-18 value (or an override such as "UTF-8", "8859/1"); null when blank or
     * not one of the supported names (see the class comment).
     */
    public static Charset forName(String msh18) {
        if (msh18 == null) {
            return null;
        }
        String k = msh18.trim().toUpperCase(Locale.ROOT);
        if (k.isEmpty()) {
            return null;
        }
        return TABLE_0211.get(k);
    }

    /** True when a non-blank MSH-18 (or override) names no supported charset. */
    public static boolean isUnsupported(String name) {
        return name != null && !name.isBlank() && forName(name) == null;
    }

    /** The supported names, for messages. */
    public static String supportedNames() {
        return "ASCII, 8859/1, 8859/2, 8859/5, 8859/7, 8859/9, 8859/15, UNICODE UTF-8, UNICODE";
    }

    /**
     * Encodes outbound text for MLLP: characters the charset cannot hold become '?', and a byte that would
     * break framing (NUL, VT 0x0B, FS 0x1C) never leaves raw — it is replaced by '?' (the text builders
     * escape control characters already; this is the last guard). Charsets that are not ASCII-compatible
     * are replaced by UTF-8.
     */
    public static byte[] encodeForMllp(String text, Charset cs) {
        Charset c = cs == null || !TABLE_0211.containsValue(cs) ? StandardCharsets.UTF_8 : cs;
        byte[] b;
        try {
            java.nio.ByteBuffer bb = c.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(new byte[] {'?'})
                    .encode(java.nio.CharBuffer.wrap(text));
            b = new byte[bb.remaining()];
            bb.get(b);
        } catch (CharacterCodingException e) {
            b = text.getBytes(c); // not reached with REPLACE
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0x00 || b[i] == Mllp.START_BLOCK || b[i] == Mllp.END_BLOCK) {
                b[i] = '?';
            }
        }
        return b;
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
