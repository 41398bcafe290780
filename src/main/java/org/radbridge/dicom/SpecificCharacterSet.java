package org.radbridge.dicom;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * Specific Character Set (0008,0005), PS3.5 6.1 and PS3.3 C.12.1.1.2.
 *
 * <p>Supported for reading and writing: the default repertoire (attribute absent or "ISO_IR 6"),
 * ISO_IR 100 (Latin-1), ISO_IR 192 (UTF-8), and the other single-byte sets without code extensions
 * (ISO_IR 101, 109, 110, 144, 127, 126, 138, 148, 203, 166) plus GB18030 and GBK. ISO 2022 code
 * extensions (escape sequences) are not supported: such values are decoded with the first set named.
 *
 * <p>Reading is lenient: bytes above 0x7F in a data set that declares the default repertoire are
 * decoded as ISO 8859-1 (some peers, e.g. DCMTK wlmscpfs, send Latin-1 names without (0008,0005)).
 *
 * <p>Writing never fails: a character the target set lacks is first transliterated (accents removed,
 * e.g. "ő" to "o"; a few letters spelled out, e.g. "ß" to "ss" for ASCII), otherwise replaced by '?'. Query
 * responses avoid that unless configured: {@link #forResponse(Attributes, String, String...)}.
 */
public final class SpecificCharacterSet {

    public static final String ISO_IR_100 = "ISO_IR 100";
    public static final String ISO_IR_192 = "ISO_IR 192";

    /** The default repertoire (ASCII, read leniently as Latin-1). */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet("", StandardCharsets.US_ASCII);
    public static final SpecificCharacterSet LATIN1 = new SpecificCharacterSet(ISO_IR_100, StandardCharsets.ISO_8859_1);
    public static final SpecificCharacterSet UTF8 = new SpecificCharacterSet(ISO_IR_192, StandardCharsets.UTF_8);

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("ISO_IR 101", "ISO-8859-2"), Map.entry("ISO_IR 109", "ISO-8859-3"),
            Map.entry("ISO_IR 110", "ISO-8859-4"), Map.entry("ISO_IR 144", "ISO-8859-5"),
            Map.entry("ISO_IR 127", "ISO-8859-6"), Map.entry("ISO_IR 126", "ISO-8859-7"),
            Map.entry("ISO_IR 138", "ISO-8859-8"), Map.entry("ISO_IR 148", "ISO-8859-9"),
            Map.entry("ISO_IR 203", "ISO-8859-15"), Map.entry("ISO_IR 166", "x-IBM874"),
            Map.entry("GB18030", "GB18030"), Map.entry("GBK", "GBK"));

    private static final Map<Character, String> SPELLED = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('Æ', "AE"), Map.entry('æ', "ae"), Map.entry('Ø', "O"),
            Map.entry('ø', "o"), Map.entry('Ł', "L"), Map.entry('ł', "l"), Map.entry('Đ', "D"),
            Map.entry('đ', "d"), Map.entry('Œ', "OE"), Map.entry('œ', "oe"), Map.entry('Þ', "TH"),
            Map.entry('þ', "th"), Map.entry('ı', "i"));

    private final String code;
    private final Charset charset;

    private SpecificCharacterSet(String code, Charset charset) {
        this.code = code;
        this.charset = charset;
    }

    /** The set named by the values of (0008,0005); empty or null gives {@link #DEFAULT}. */
    public static SpecificCharacterSet valueOf(String... codes) {
        if (codes == null) {
            return DEFAULT;
        }
        for (String c : codes) {
            String t = c == null ? "" : c.trim();
            if (t.isEmpty() || t.equals("ISO_IR 6") || t.equals("ISO 2022 IR 6")) {
                continue;
            }
            if (t.equals(ISO_IR_100) || t.equals("ISO 2022 IR 100")) {
                return LATIN1;
            }
            if (t.equals(ISO_IR_192)) {
                return UTF8;
            }
            String java = JAVA_NAMES.get(t.replace("ISO 2022 IR ", "ISO_IR "));
            if (java != null && Charset.isSupported(java)) {
                return new SpecificCharacterSet(t, Charset.forName(java));
            }
            return new SpecificCharacterSet(t, null);
        }
        return DEFAULT;
    }

    /** The defined term, "" for the default repertoire. */
    public String code() {
        return code;
    }

    /** True if this implementation can encode and decode the set. */
    public boolean isSupported() {
        return charset != null;
    }

    public boolean isDefault() {
        return code.isEmpty();
    }

    /** Decodes text bytes (see class comment for the lenient default repertoire). */
    public String decode(byte[] b, int off, int len) {
        if (charset == null || charset == StandardCharsets.US_ASCII) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        return new String(b, off, len, charset);
    }

    /** True if every character of s is representable in this set. */
    public boolean canEncode(String s) {
        return asciiSuperset() && isAscii(s) || encoder().canEncode(s);
    }

    /** Encodes text, transliterating or replacing by '?' what the set lacks (see class comment). */
    public byte[] encode(String s) {
        if (asciiSuperset() && isAscii(s)) {
            return s.getBytes(StandardCharsets.ISO_8859_1); // the same bytes, without an encoder per value
        }
        CharsetEncoder enc = encoder();
        if (enc.canEncode(s)) {
            return s.getBytes(enc.charset());
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            if (enc.canEncode(ch)) {
                sb.append(ch);
                continue;
            }
            String t = Normalizer.normalize(ch, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            if (!t.isEmpty() && enc.canEncode(t)) {
                sb.append(t);
            } else if (SPELLED.containsKey(ch.charAt(0)) && enc.canEncode(SPELLED.get(ch.charAt(0)))) {
                sb.append(SPELLED.get(ch.charAt(0)));
            } else {
                sb.append('?');
            }
        }
        try {
            ByteBuffer bb = enc.onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .onMalformedInput(CodingErrorAction.REPLACE).encode(CharBuffer.wrap(sb));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if this set encodes the characters U+0000-U+007F as the bytes 00-7F, one each (ISO 646 G0). */
    private boolean asciiSuperset() {
        if (charset == null) {
            return true;
        }
        String n = charset.name();
        return n.equals("US-ASCII") || n.equals("UTF-8") || n.startsWith("ISO-8859-");
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private CharsetEncoder encoder() {
        Charset cs = charset == null ? StandardCharsets.US_ASCII : charset;
        return cs.newEncoder();
    }

    /**
     * The character set of a query response (PS3.4 C.4.1.1.3.2, K.4.1.3) when the request named none or its set
     * is unknown: see {@link #forResponse(Attributes, String, String...)} with no request set.
     */
    public static SpecificCharacterSet forResponse(Attributes data, String configured) {
        return forResponse(data, configured, (String[]) null);
    }

    /**
     * Picks the character set to answer a query in (PS3.4 C.4.1.1.3.2, K.4.1.3): a {@code configured} set (an
     * explicit per-AE or engine choice; ISO_IR 100 then transliterates or replaces what Latin-1 lacks) wins;
     * otherwise the request's Specific Character Set when this implementation supports it and it can hold every
     * text value of the response (the default repertoire when the request names none), else ISO_IR 192, which
     * holds every character. Names are never damaged unless an operator chose a lossy set.
     *
     * @param configured e.g. "ISO_IR 100", or null / blank for none
     * @param requested the values of (0008,0005) of the request identifier (null or empty: default repertoire)
     */
    public static SpecificCharacterSet forResponse(Attributes data, String configured, String... requested) {
        if (configured != null && !configured.isBlank()) {
            return valueOf(configured);
        }
        SpecificCharacterSet rq = requestSet(requested);
        if (rq != null && rq.isSupported() && rq.canEncode(data)) {
            return rq;
        }
        return isAscii(data) ? DEFAULT : UTF8;
    }

    /** The request's set, or null when it uses code extensions this implementation cannot answer in. */
    private static SpecificCharacterSet requestSet(String... codes) {
        if (codes == null) {
            return DEFAULT;
        }
        SpecificCharacterSet first = null;
        for (String c : codes) {
            SpecificCharacterSet cs = valueOf(c);
            if (cs.isDefault()) {
                continue;
            }
            if (first != null && !first.code.equals(cs.code)) {
                return null;
            }
            first = cs;
        }
        return first == null ? DEFAULT : first;
    }

    /** True if every text value of the data set (recursively; (0008,0005) aside) is representable in this set. */
    public boolean canEncode(Attributes data) {
        return canEncode(data, asciiSuperset(), new CharsetEncoder[1]);
    }

    /** {@code ascii}: ASCII text needs no encoder check; {@code enc}: the encoder, made on first need. */
    private boolean canEncode(Attributes data, boolean ascii, CharsetEncoder[] enc) {
        for (Attributes.Element e : data) {
            if (e.value() instanceof String s && e.tag() != Tag.SpecificCharacterSet) {
                if (ascii && isAscii(s)) {
                    continue;
                }
                if (enc[0] == null) {
                    enc[0] = encoder();
                }
                if (!enc[0].canEncode(s)) {
                    return false;
                }
            } else if (e.value() instanceof Sequence seq) {
                for (Attributes item : seq) {
                    if (!canEncode(item, ascii, enc)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** True if every string value in the data set (recursively) is 7-bit ASCII. */
    public static boolean isAscii(Attributes data) {
        for (Attributes.Element e : data) {
            if (e.value() instanceof String s) {
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0x7F) {
                        return false;
                    }
                }
            } else if (e.value() instanceof Sequence seq) {
                for (Attributes item : seq) {
                    if (!isAscii(item)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Sets (0008,0005) of data to the given set (removing it for the default repertoire), so that a
     * writer encodes in that set. Text values stay Unicode; encoding happens when written.
     */
    public static Attributes apply(Attributes data, SpecificCharacterSet cs) {
        if (cs.isDefault()) {
            data.remove(Tag.SpecificCharacterSet);
        } else {
            data.setString(Tag.SpecificCharacterSet, VR.CS, cs.code());
        }
        return data;
    }

    @Override
    public String toString() {
        return code.isEmpty() ? "default repertoire" : code;
    }
}
