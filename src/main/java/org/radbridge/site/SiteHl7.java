package org.radbridge.site;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;

/**
 * Bean "siteHl7" for site routes: writes a field of HAPI's typed message with HAPI's {@link Terser} (the
 * {@code hl7terser} language of camel-hl7 reads one), e.g. in YAML
 * {@code bean: {ref: siteHl7, method: "set(${body}, '/.OBR-18', ${header.accession})"}}.
 * Terser paths: {@code /.OBR-3-1} is OBR-3 component 1 of the first OBR anywhere in the message.
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
}
