package org.radbridge.site;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import java.nio.charset.Charset;
import org.apache.camel.Exchange;

/** What a site route returns, as HL7 text: a HAPI {@link Message} (encoded by HAPI), text, or bytes. */
final class SiteBodies {

    private SiteBodies() {
    }

    /** The body as HL7 text with CR segment separators; null when the route left no body. */
    static String text(Exchange ex) {
        Object b = ex.getMessage().getBody();
        String t;
        if (b == null) {
            return null;
        } else if (b instanceof Message m) {
            try {
                t = m.encode();
            } catch (HL7Exception e) {
                throw SiteRoutes.failed(String.valueOf(ex.getMessage().getHeader(org.radbridge.intake.SiteHooks.HOOK)),
                        "HAPI cannot encode the message: " + e.getMessage());
            }
        } else if (b instanceof byte[] bytes) {
            String cs = ex.getProperty(Exchange.CHARSET_NAME, String.class);
            t = new String(bytes, cs == null ? Charset.forName("UTF-8") : Charset.forName(cs));
        } else {
            t = ex.getMessage().getBody(String.class);
        }
        if (t == null || t.isBlank()) {
            return null;
        }
        t = t.replace("\r\n", "\r").replace('\n', '\r');
        return t.endsWith("\r") ? t : t + "\r";
    }
}
