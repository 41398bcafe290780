package org.radbridge.notify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.intake.Effect;
import org.radbridge.intake.FlowKey;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.intake.SiteHooks;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * The steps of routes/forward.camel.yaml, the flow "forward" of the forwarding rules ({@link ForwardRules}):
 * {@link #route} picks the destinations of the matching rules, {@link #map} writes each destination's copy (the
 * message as received, MSH-5/6 from the destination's entry when it has them, then the site route
 * {@code direct:site-after-forward} when the site defines one) and {@link #enqueue} plans the effect that queues
 * the copies in the message's transaction, through the outbox: ordered per patient, retried, audited per
 * transmission, each with its own MSH-10 stable across retries; a destination that is a de-identified target
 * (or the source of one, mappings/deid/targets.yaml) gets the de-identification of its profile.
 */
public final class Forwarding {

    static final FlowKey<List<ForwardRules.Target>> TARGETS = FlowKey.of("forward.targets");
    static final FlowKey<List<Copy>> COPIES = FlowKey.of("forward.copies");

    private volatile ForwardRules rules;
    private final Hl7Outbox hl7;
    private final Outbox outbox;
    private final ControlIds ids;
    private final SiteHooks hooks;

    public Forwarding(ForwardRules rules, Hl7Outbox hl7, Outbox outbox, ControlIds ids, SiteHooks hooks) {
        this.rules = rules;
        this.hl7 = hl7;
        this.outbox = outbox;
        this.ids = ids;
        this.hooks = hooks;
    }

    public ForwardRules rules() {
        return rules;
    }

    /** Swaps the rules (a configuration reload, between messages); load them with {@link ForwardRules#load} first. */
    public void rules(ForwardRules r) {
        this.rules = r;
    }

    /** One destination's copy. */
    record Copy(String destination, String rule, String text) {
    }

    /** The destinations of every rule that takes the message (as adapted by the site routes before this flow). */
    public Inbound route(Inbound in) {
        List<ForwardRules.Target> to = rules.targets(in.message());
        if (to.isEmpty()) {
            in.warn("forward: no forwarding rule takes the message as adapted by the site routes: not forwarded");
        }
        in.put(TARGETS, to);
        return in;
    }

    /** Each destination's copy: the message as received with the receiver's MSH-5/6, then the site's after-hook. */
    public Inbound map(Inbound in) {
        List<ForwardRules.Target> to = in.get(TARGETS);
        List<Copy> copies = new ArrayList<>();
        String hook = SiteHooks.after(Intake.FORWARD);
        for (ForwardRules.Target t : to == null ? List.<ForwardRules.Target>of() : to) {
            String text = Hl7Edit.normalize(in.message().encode());
            Hl7DestinationConfig cfg = hl7.destinations().get(t.destination());
            if (cfg != null && !cfg.application().isEmpty()) {
                text = Hl7Edit.setField(text, "MSH", 5, cfg.application());
            }
            if (cfg != null && !cfg.facility().isEmpty()) {
                text = Hl7Edit.setField(text, "MSH", 6, cfg.facility());
            }
            if (in.hooks().contains(hook)) {
                text = hooks.call(hook, text, SiteHooks.headers(in, Intake.FORWARD, t.destination()));
                if (text == null) {
                    in.warn("forward: the site route " + hook + " dropped the copy for " + t.destination());
                    continue;
                }
            }
            copies.add(new Copy(t.destination(), t.rule(), text));
        }
        in.put(COPIES, copies);
        return in;
    }

    /** An effect queuing the copies (one outbox entry per destination, ordered by the patient). */
    public Inbound enqueue(Inbound in) {
        List<Copy> copies = in.get(COPIES);
        if (copies == null || copies.isEmpty()) {
            return in;
        }
        Hl7Message m = in.message();
        String patient = in.identifiers().patient(m);
        Charset cs = in.charset() == null ? StandardCharsets.UTF_8 : in.charset();
        String kind = (m.messageCode() + "-" + m.triggerEvent()).toLowerCase(Locale.ROOT);
        String type = m.messageType();
        in.addEffect(new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                for (Copy c : copies) {
                    if (hl7.destinations().has(c.destination())) {
                        hl7.enqueue(tx, messageId, c.destination(), patient, kind, c.text(), cs, null);
                    } else {
                        // a de-identified target: de-identified with its profile when delivered
                        String id = ids.next();
                        String text = Hl7Edit.setField(c.text(), "MSH", 10, Hl7Escapes.escape(id, Hl7Edit.delimiters(c.text())));
                        outbox.enqueue(tx, messageId, new NewEntry(c.destination(), PatientKeys.resolve(tx, patient), kind,
                                Hl7Edit.contentType(cs), text.getBytes(cs), id));
                    }
                }
            }

            @Override
            public String describe() {
                StringBuilder sb = new StringBuilder("forward: ").append(type).append(" queued for");
                copies.forEach(c -> sb.append(' ').append(c.destination()).append(" (rule ").append(c.rule()).append(')'));
                return sb.toString();
            }
        });
        return in;
    }
}
