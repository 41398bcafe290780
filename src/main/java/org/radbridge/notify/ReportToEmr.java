package org.radbridge.notify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.intake.Effect;
import org.radbridge.intake.FlowKey;
import org.radbridge.intake.Inbound;
import org.radbridge.store.Tx;

/**
 * The steps of routes/report-to-emr.camel.yaml: ORU^R01 from the RIS or reporting system (IHE RAD-28 /
 * RAD-128) forwarded to the EMR and other HL7 destinations. {@link #route} applies the filters and picks
 * the destinations, {@link #map} writes each destination's copy (header rules of
 * mappings/to-hl7/report-to-emr.yaml; every other byte as received, OBX text and escapes included), and
 * {@link #enqueue} plans the effect that queues them in the message's transaction, in the charset the
 * report came in.
 */
public final class ReportToEmr {

    static final FlowKey<List<String>> DESTINATIONS = FlowKey.of("report-to-emr.destinations");
    static final FlowKey<List<Copy>> COPIES = FlowKey.of("report-to-emr.copies");
    /** Why the report is held (no route takes it under {@code unrouted: hold}). */
    static final FlowKey<String> HELD = FlowKey.of("report-to-emr.held");
    public static final String FLOW = "report-to-emr";
    public static final String KIND = "oru-r01";

    private volatile ReportRouting routing;
    private final Hl7Outbox outbox;
    private final org.radbridge.intake.SiteHooks hooks;
    private final org.radbridge.config.Holding holding;

    public ReportToEmr(ReportRouting routing, Hl7Outbox outbox) {
        this(routing, outbox, org.radbridge.intake.SiteHooks.NONE, null);
    }

    /**
     * With the site's hooks ({@code direct:site-after-report-to-emr} shapes each destination's copy) and, with
     * {@code holding}, an unrouted report under {@code unrouted: hold} is held until a route takes it.
     */
    public ReportToEmr(ReportRouting routing, Hl7Outbox outbox, org.radbridge.intake.SiteHooks hooks,
            org.radbridge.config.Holding holding) {
        this.routing = routing;
        this.outbox = outbox;
        this.hooks = hooks == null ? org.radbridge.intake.SiteHooks.NONE : hooks;
        this.holding = holding;
        if (holding != null) {
            holding.flows().register(FLOW, (in, context) -> {
                route(in);
                if (in.get(HELD) != null) {
                    throw new Hl7Error(AckCode.AE, Hl7Error.Code.INTERNAL_ERROR, null, in.get(HELD));
                }
                map(in);
                return effect(in, in.get(COPIES));
            });
        }
    }

    /** A configuration reload (between messages): the routing of mappings/to-hl7/report-to-emr.yaml now in force. */
    public void reconfigure(ReportRouting next) {
        this.routing = next;
    }

    /** One destination's copy of the report. */
    record Copy(String destination, String text) {
    }

    /** Filters, then the destinations of the first matching route (none: AR or a note, per "unrouted"). */
    public Inbound route(Inbound in) {
        Hl7Message m = in.message();
        String out = routing.filteredOut(m);
        if (out != null) {
            in.warn("report-to-emr: not forwarded: " + out);
            in.put(DESTINATIONS, List.of());
            return in;
        }
        List<String> to = routing.destinations(m);
        if (to.isEmpty()) {
            if (routing.rejectUnrouted()) {
                throw new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null,
                        "no destination is configured for this report (" + ReportRouting.FILE + ")");
            }
            if (routing.holdUnrouted() && holding != null) {
                in.put(HELD, "no route of " + ReportRouting.FILE + " takes this report");
                in.warn("report-to-emr: no route matched: held until a route takes it");
            } else {
                in.warn("report-to-emr: no route matched: not forwarded");
            }
        }
        in.put(DESTINATIONS, to);
        return in;
    }

    /** Each destination's copy: MSH-5/6 and the other header rules applied. */
    public Inbound map(Inbound in) {
        List<String> to = in.get(DESTINATIONS);
        List<Copy> copies = new ArrayList<>();
        String hook = org.radbridge.intake.SiteHooks.after("report-to-emr");
        for (String d : to == null ? List.<String>of() : to) {
            String text = routing.rewrite(in.message(), outbox.destinations().get(d));
            if (in.hooks().contains(hook)) {
                text = hooks.call(hook, text, org.radbridge.intake.SiteHooks.headers(in, "report-to-emr", d));
                if (text == null) {
                    in.warn("report-to-emr: the site route " + hook + " dropped the copy for " + d);
                    continue;
                }
            }
            copies.add(new Copy(d, text));
        }
        in.put(COPIES, copies);
        return in;
    }

    /** An effect queuing the copies (one outbox entry per destination, ordered by the patient). */
    public Inbound enqueue(Inbound in) {
        String held = in.get(HELD);
        if (held != null) {
            in.addEffect(holding.hold(FLOW, FLOW, in.identifiers().patient(in.message()), held, null));
            return in;
        }
        List<Copy> copies = in.get(COPIES);
        if (copies == null || copies.isEmpty()) {
            return in;
        }
        in.addEffect(effect(in, copies));
        return in;
    }

    private Effect effect(Inbound in, List<Copy> copies) {
        String patient = in.identifiers().patient(in.message());
        Charset cs = in.charset() == null ? StandardCharsets.UTF_8 : in.charset();
        String sent = routing.generateControlId() ? null : in.message().controlId();
        return new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                for (Copy c : copies) {
                    outbox.enqueue(tx, messageId, c.destination(), patient, KIND, c.text(), cs, sent);
                }
            }

            @Override
            public List<org.radbridge.intake.EffectPreview> preview() {
                List<org.radbridge.intake.EffectPreview> out = new ArrayList<>();
                for (Copy c : copies) {
                    out.add(new org.radbridge.intake.EffectPreview(org.radbridge.intake.EffectPreview.HL7, c.destination(),
                            outbox.preview(c.destination(), c.text(), sent), "report-to-emr: ORU^R01 for " + c.destination()));
                }
                return out;
            }

            @Override
            public String describe() {
                StringBuilder sb = new StringBuilder("report-to-emr: ORU^R01 queued for");
                copies.forEach(c -> sb.append(' ').append(c.destination()));
                return sb.toString();
            }
        };
    }
}
