package org.radbridge.site;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.SiteHooks;

/**
 * The step of the routing slip before a flow whose site route {@code direct:site-before-<flow>} exists: the
 * received message goes to the site route as text, and what comes back is parsed again with RadBridge's parser
 * and is the message the flow (and the flows after it) see; the journal keeps the raw message as received, and
 * its patient / accession / order keys follow the adapted message.
 */
record BeforeHook(SiteHooks site, String hook, String flow) implements Processor {

    @Override
    public void process(Exchange exchange) {
        Inbound in = exchange.getMessage().getBody(Inbound.class);
        String text = in.message().encode();
        String out = site.call(hook, text, SiteHooks.headers(in, flow, null));
        if (out == null) {
            throw SiteRoutes.failed(hook, "the route returned no message");
        }
        if (out.equals(text)) {
            return;
        }
        Hl7Message m;
        try {
            m = Hl7Parser.parse(out);
        } catch (Hl7Error e) {
            throw SiteRoutes.failed(hook, "RadBridge cannot read the message it returned: " + e.text());
        }
        in.adapted(out, m);
    }
}
