package org.radbridge.testing;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.PipeParser;
import java.io.IOException;

/** HAPI's parser as an independent check of HL7 v2 text RadBridge writes. */
public final class HapiCheck {

    private HapiCheck() {
    }

    /** What HAPI's parser (with its default validation) finds wrong in a message; null when it parses. */
    public static String problem(String text) {
        try (HapiContext c = new DefaultHapiContext()) {
            return problem(c, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String problem(HapiContext c, String text) {
        try {
            PipeParser p = c.getPipeParser();
            p.parse(text.replace('\n', '\r'));
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }
}
