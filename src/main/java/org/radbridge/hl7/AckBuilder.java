package org.radbridge.hl7;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds original-mode acknowledgements (HL7 v2.5 2.9.2, IHE RAD original mode): the header mirrors the
 * request (MSH-3/4 from the request's MSH-5/6 and back, same delimiters, processing id, version and
 * character set), MSA-2 is the request's MSH-10, and errors go to ERR-1 (ELD) for v2.1–2.4 senders or
 * ERR-2/3/4 (+ERR-8 user message) for v2.5 and later, with MSA-3 text for the older ones.
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
            return new RequestHeader(m.delimiters(), msh.field(3), msh.field(4), msh.field(5), msh.field(6),
                    msh.value(9, 2), msh.value(10), msh.field(11), msh.value(12, 1), msh.field(18));
        }

        public static RequestHeader unknown() {
            return new RequestHeader(Delimiters.STANDARD, "", "", "", "", "", "", "P", "2.5", "");
        }
    }

    /** The acknowledgement text (CR-separated segments, no MLLP framing). */
    public static String build(RequestHeader req, AckCode code, Hl7Error error, String localApplication,
            String localFacility, String ackControlId, ZonedDateTime now) {
        Delimiters d = req.delimiters() == null ? Delimiters.STANDARD : req.delimiters();
        char f = d.field();
        String version = req.version() == null || Hl7Version.number(req.version()) < 0 ? "2.5" : req.version();
        int vn = Hl7Version.number(version);
        StringBuilder sb = new StringBuilder(256);
        sb.append("MSH").append(f).append(d.encodingCharacters()).append(f);
        sb.append(orDefault(req.receivingApplication(), esc(localApplication, d))).append(f);
        sb.append(orDefault(req.receivingFacility(), esc(localFacility, d))).append(f);
        sb.append(nz(req.sendingApplication())).append(f);
        sb.append(nz(req.sendingFacility())).append(f);
        sb.append(TS.format(now)).append(f);
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
        sb.append(f).append(orDefault(req.processingId(), "P"));
        sb.append(f).append(esc(version, d));
        if (req.characterSet() != null && !req.characterSet().isBlank()) {
            sb.append(f).append(f).append(f).append(f).append(f).append(f).append(req.characterSet());
        }
        sb.append('\r');

        sb.append("MSA").append(f).append(code.name()).append(f).append(esc(nz(req.controlId()), d));
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

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
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
