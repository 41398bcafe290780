package org.radbridge.site;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;

/**
 * Bean "siteHl7" for site routes. On HAPI's typed message: writes a field with HAPI's {@link Terser} (the
 * {@code hl7terser} language of camel-hl7 reads one), e.g. in YAML
 * {@code bean: {ref: siteHl7, method: "set(${body}, '/.OBR-18', ${header.accession})"}}; Terser paths:
 * {@code /.OBR-3-1} is OBR-3 component 1 of the first OBR anywhere in the message. On the raw text (no HAPI
 * parse): renames or drops segments, e.g. a Z-segment (HL7 v2.5 2.5.4 "Z segments" are site-defined).
 */
public final class SiteHl7 {

    /** Sets the value at a Terser path and returns the message. */
    public Message set(Message message, String path, String value) throws HL7Exception {
        new Terser(message).set(path, value == null ? "" : value);
        return message;
    }

    /** The value at a Terser path ("" when absent). */
    public String get(Message message, String path) throws HL7Exception {
        String v = new Terser(message).get(path);
        return v == null ? "" : v;
    }

    /** The text with every segment {@code from} renamed {@code to} (e.g. a sender's ZSU to the RIS convention ZDS). */
    public String rename(String text, String from, String to) {
        return edit(text, from, to);
    }

    /** The text without the segments {@code id} (e.g. a Z-segment the receivers must not get). */
    public String drop(String text, String id) {
        return edit(text, id, null);
    }

    private static String edit(String text, String id, String to) {
        if (text == null || text.length() < 4 || id.length() != 3 || (to != null && to.length() != 3)) {
            throw new IllegalArgumentException("segment ids have three characters");
        }
        char fs = text.charAt(3);
        StringBuilder sb = new StringBuilder(text.length());
        for (String seg : text.replace("\r\n", "\r").replace('\n', '\r').split("\r")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.equals(id) || seg.startsWith(id + fs)) {
                if (to == null) {
                    continue;
                }
                seg = to + seg.substring(3);
            }
            sb.append(seg).append('\r');
        }
        return sb.toString();
    }
}
