package org.radbridge.deid;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.radbridge.mllp.Mllp;

/** What a payload is (HL7 v2 ER7, FHIR JSON, DICOM) and how its text is encoded. */
public final class Payloads {

    /** The three formats RadBridge de-identifies. */
    public enum Format {
        HL7("hl7"), FHIR("json"), DICOM("dcm");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        public static Format of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    private Payloads() {
    }

    /** By content type when it says, else by the first bytes: MSH/FHS/BHS, '{', a DICOM preamble or group. */
    public static Format detect(byte[] b, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("hl7")) {
            return Format.HL7;
        }
        if (ct.contains("fhir") || ct.contains("json")) {
            return Format.FHIR;
        }
        if (ct.contains("dicom")) {
            return Format.DICOM;
        }
        if (b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
            return Format.DICOM;
        }
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\r' || b[i] == '\n' || b[i] == '\t' || b[i] == Mllp.START_BLOCK)) {
            i++;
        }
        if (i < b.length && b[i] == '{') {
            return Format.FHIR;
        }
        if (i + 3 <= b.length && (startsWith(b, i, "MSH") || startsWith(b, i, "FHS") || startsWith(b, i, "BHS"))) {
            return Format.HL7;
        }
        if (b.length >= 8 && (b[1] == 0 && (b[0] == 2 || b[0] == 8 || b[0] == 0x10))) {
            return Format.DICOM;
        }
        throw new DeidException("the payload is neither HL7 v2, FHIR JSON nor DICOM");
    }

    private static boolean startsWith(byte[] b, int i, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (b[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The text of valid UTF-8 bytes (one pass), or null when they are not UTF-8. */
    public static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (which reads anything). */
    public static Charset charsetOf(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
