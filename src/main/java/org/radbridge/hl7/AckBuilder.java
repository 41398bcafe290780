package org.radbridge.hl7;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds original-mode acknowledgements (HL7 v2.5 2.9.2, IHE RAD original mode): the header mirrors the
 * request (MSH-3/4 from the request's MSH-5/6 and back, same delimiters, processing id, version and
 * character set), MSA-2 is the request's MSH-10, and errors go to ERR-1 (ELD) for v2.1–2.4 senders or
 * ERR-2/3/4 (+ERR-8 user message) for v2.5 and later, with MSA-3 text for the older ones. Every value taken
 * from the request is escaped (HL7 v2.5 2.7; control characters as \Xhh\), so the ACK never carries a raw
 * control character that could break MLLP framing, whatever MSH-10 or MSH-3 contained.
 */
public final class AckBuilder {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private AckBuilder() {
    }

    /** What of the request the ACK mirrors. A message with no readable header uses {@link #unknown()}. */
    public record RequestHeader(Delimiters delimiters, String sendingApplication, String sendingFacility,
            String receivingApplication, String receivingFacility, String triggerEvent, String controlId,
            String processingId, String version, String characterSet) {

        public static RequestHeader of(Hl7Message m) {
            Segment msh = m.msh();
            if (!msh.is("MSH")) {
                Segment real = m.segment("MSH");
                msh = real != null ? real : msh;
            }
            String charset = msh.field(18);
            if (Hl7Charsets.forName(msh.value(18)) == null) {
                charset = ""; // not a name of HL7 table 0211 we decode: the ACK is in the default charset, say nothing
            }
            return new RequestHeader(m.delimiters(), msh.field(3), msh.field(4), msh.field(5), msh.field(6),
                    msh.value(9, 2), m.controlId(), msh.field(11), msh.value(12, 1), charset);
        }

        public static RequestHeader unknown() {
            return new RequestHeader(Delimiters.STANDARD, "", "", "", "", "", "", "P", "2.5", "");
        }
    }

    /** The acknowledgement text (CR-separated segments, no MLLP framing). */
    public static String build(RequestHeader req, AckCode code, Hl7Error error, String localApplication,
            String localFacility, String ackControlId, ZonedDateTime now) {
        return build(req, code, error, localApplication, localFacility, ackControlId, timestamp(now));
    }

    /** MSH-7 of an acknowledgement sent at {@code now} (DTM to the second with the zone offset). */
    public static String timestamp(ZonedDateTime now) {
        return TS.format(now);
    }

    /** As {@link #build(RequestHeader, AckCode, Hl7Error, String, String, String, ZonedDateTime)}, MSH-7 given ({@link #timestamp}). */
    public static String build(RequestHeader req, AckCode code, Hl7Error error, String localApplication,
            String localFacility, String ackControlId, String timestamp) {
        Delimiters rd = req.delimiters() == null ? Delimiters.STANDARD : req.delimiters();
        Delimiters d = forAck(rd);
        char f = d.field();
        String version = req.version() == null || Hl7Version.number(req.version()) < 0 ? "2.5" : req.version();
        int vn = Hl7Version.number(version);
        StringBuilder sb = new StringBuilder(256);
        sb.append("MSH").append(f).append(d.encodingCharacters()).append(f);
        sb.append(orDefault(recode(req.receivingApplication(), rd, d), esc(localApplication, d))).append(f);
        sb.append(orDefault(recode(req.receivingFacility(), rd, d), esc(localFacility, d))).append(f);
        sb.append(recode(req.sendingApplication(), rd, d)).append(f);
        sb.append(recode(req.sendingFacility(), rd, d)).append(f);
        sb.append(timestamp).append(f);
        sb.append(f); // MSH-8 security
        sb.append("ACK");
        String trig = nz(req.triggerEvent());
        if (!trig.isEmpty()) {
            sb.append(d.component()).append(esc(trig, d));
            if (vn >= 231) {
                sb.append(d.component()).append("ACK");
            }
        }
        sb.append(f).append(esc(ackControlId, d));
        sb.append(f).append(orDefault(recode(req.processingId(), rd, d), "P"));
        sb.append(f).append(esc(version, d));
        if (req.characterSet() != null && !req.characterSet().isBlank()) {
            sb.append(f).append(f).append(f).append(f).append(f).append(f).append(recode(req.characterSet(), rd, d));
        }
        sb.append('\r');

        sb.append("MSA").append(f).append(code.name()).append(f).append(Hl7Escapes.escapeExact(nz(req.controlId()), d));
        boolean legacy = vn < 250;
        if (error != null && legacy) {
            sb.append(f).append(esc(clip(error.text(), 80), d));
        }
        sb.append('\r');

        if (error != null) {
            sb.append("ERR").append(f);
            ErrorLocation loc = error.location();
            Hl7Error.Code c = error.code();
            if (legacy) {
                // ERR-1 ELD: segment ^ sequence ^ field ^ code&text&HL70357
                if (loc != null) {
                    sb.append(nz(loc.segment())).append(d.component());
                    sb.append(loc.sequence() > 0 ? loc.sequence() : 1).append(d.component());
                    sb.append(loc.field() > 0 ? String.valueOf(loc.field()) : "").append(d.component());
                } else {
                    sb.append(d.component()).append(d.component()).append(d.component());
                }
                sb.append(c.value).append(d.subcomponent()).append(esc(c.text, d)).append(d.subcomponent())
                        .append("HL70357");
            } else {
                // ERR-2 ERL, ERR-3 CWE, ERR-4 severity, ERR-8 user message
                sb.append(f);
                if (loc != null) {
                    sb.append(nz(loc.segment())).append(d.component()).append(loc.sequence() > 0 ? loc.sequence() : 1);
                    if (loc.field() > 0) {
                        sb.append(d.component()).append(loc.field());
                        sb.append(d.component()).append(loc.repetition() > 0 ? loc.repetition() : 1);
                        if (loc.component() > 0) {
                            sb.append(d.component()).append(loc.component());
                            if (loc.subcomponent() > 0) {
                                sb.append(d.component()).append(loc.subcomponent());
                            }
                        }
                    }
                }
                sb.append(f).append(c.value).append(d.component()).append(esc(c.text, d)).append(d.component())
                        .append("HL70357");
                sb.append(f).append('E');
                sb.append(f).append(f).append(f).append(f);
                sb.append(esc(clip(error.text(), 250), d));
            }
            sb.append('\r');
        }
        return sb.toString();
    }

    /**
     * The delimiters of the ACK: the request's when they are five distinct printable ASCII characters that are
     * not letters or digits (HL7 v2.5 2.5.4), else the standard ones, so that no control character (VT, FS,
     * NUL) or unescapable value can reach the ACK through MSH-1/MSH-2.
     */
    static Delimiters forAck(Delimiters req) {
        char[] cs = {req.field(), req.component(), req.repetition(), req.escape(), req.subcomponent()};
        for (int i = 0; i < cs.length; i++) {
            char c = cs[i];
            if (c < 0x21 || c > 0x7E || Character.isLetterOrDigit(c)) {
                return Delimiters.STANDARD;
            }
            for (int k = 0; k < i; k++) {
                if (cs[k] == c) {
                    return Delimiters.STANDARD;
                }
            }
        }
        return req;
    }

    /** A raw field of the request, rewritten for the ACK's delimiters with control characters escaped. */
    private static String recode(String raw, Delimiters from, Delimiters to) {
        return Hl7Escapes.recode(nz(raw), from, to);
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 3;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "...";
    }

    private static String esc(String s, Delimiters d) {
        return Hl7Escapes.escape(nz(s), d);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String orDefault(String s, String def) {
        return s == null || s.isEmpty() ? def : s;
    }
}
