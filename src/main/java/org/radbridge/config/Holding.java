package org.radbridge.config;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Effect;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.outbox.OutboxWorkers;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No silent drops (docs/site-adaptation.md "Held effects"): flows ask for {@link #hold} when their effect cannot be
 * made for a configuration reason, and wrap their normal effects with {@link #inOrder} so that a later effect of the
 * same patient and destination waits behind a held one. {@link #release} makes a held effect again under the
 * configuration now in force and hands it to the outbox (after a reload: {@link #releaseAll}, oldest first, so the
 * per-patient order of the outbox is kept); {@link #discard} is the operator's way out. Both are audited.
 */
public final class Holding {

    private static final Logger LOG = LoggerFactory.getLogger(Holding.class);

    /** What a release did. */
    public record Outcome(long id, boolean released, String detail) {
    }

    private final HeldEffects held;
    private final HeldFlows flows;
    private final Journal journal;
    private final Intake intake;
    private final OutboxWorkers workers;
    private final AuditTrail audit;

    public Holding(HeldEffects held, HeldFlows flows, Journal journal, Intake intake, OutboxWorkers workers, AuditTrail audit) {
        this.held = held;
        this.flows = flows;
        this.journal = journal;
        this.intake = intake;
        this.workers = workers;
        this.audit = audit;
    }

    public HeldEffects store() {
        return held;
    }

    public HeldFlows flows() {
        return flows;
    }

    /** The effect that holds a flow's output with its reason (in the message's transaction). */
    public Effect hold(String flow, String destination, String patientKey, String reason, String context) {
        return hold(flow, destination, patientKey, reason, context, false);
    }

    /** As {@link #hold}; {@code reprocess}: the message's earlier held effect of the flow is superseded. */
    public Effect hold(String flow, String destination, String patientKey, String reason, String context, boolean reprocess) {
        return new HeldEffect(held, journal, flow, destination, patientKey, reason, context, reprocess);
    }

    /**
     * The flow's normal effect, unless an earlier effect of the same patient and destination is held: then this one
     * is held too, behind it, so the patient's order is kept when both are released.
     */
    public Effect inOrder(Effect effect, String flow, String destination, String patientKey, String context) {
        return inOrder(effect, flow, destination, patientKey, context, false);
    }

    /** As {@link #inOrder}; {@code reprocess}: the message's earlier held effect of the flow is superseded. */
    public Effect inOrder(Effect effect, String flow, String destination, String patientKey, String context, boolean reprocess) {
        return new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                if (reprocess) {
                    held.supersede(tx, messageId, flow);
                }
                Long before = held.heldFor(tx, destination, patientKey);
                if (before == null) {
                    effect.apply(tx, messageId);
                } else {
                    hold(flow, destination, patientKey, "waits behind held effect " + before + " of the same patient", context)
                            .apply(tx, messageId);
                }
            }

            @Override
            public String describe() {
                return effect.describe();
            }

            @Override
            public List<org.radbridge.intake.EffectPreview> preview() {
                return effect.preview(); // a dry run cannot see what is held in the database: the effect as made
            }
        };
    }

    /** Releases every held effect that the configuration now in force can make, oldest first. */
    public List<Outcome> releaseAll(String by) {
        List<Outcome> out = new ArrayList<>();
        for (HeldEffects.Held h : held.list(HeldEffects.HELD, 10_000)) {
            out.add(release(h, by));
        }
        long n = out.stream().filter(Outcome::released).count();
        if (!out.isEmpty()) {
            LOG.info("Released {} of {} held effects ({} still held)", n, out.size(), out.size() - n);
        }
        return out;
    }

    /** An operator's release of one held effect (audited); null when there is no such held effect. */
    public Outcome release(long id, String by, String remote) {
        HeldEffects.Held h = held.get(id);
        if (h == null || !HeldEffects.HELD.equals(h.state())) {
            return null;
        }
        Outcome o = release(h, by);
        audit.record(new AuditEvent(AuditEvent.OPERATOR_ACTION, o.released() ? AuditEvent.SUCCESS : AuditEvent.MINOR_FAILURE, by,
                remote, h.patientKey(), "held-effect", String.valueOf(id), "{\"action\":\"release\",\"released\":" + o.released() + "}"));
        return o;
    }

    /**
     * An operator's discard of one held effect (audited in the same transaction); false when it is not held. The
     * effects of the same patient and destination that waited behind it are then released where they can be.
     */
    public boolean discard(long id, String by, String remote) {
        HeldEffects.Held h = held.get(id);
        boolean done = discardOne(id, by, remote);
        if (done && h != null) {
            // the patient's effects that waited behind this one may go now
            for (HeldEffects.Held next : held.list(HeldEffects.HELD, 10_000)) {
                if (next.destination().equals(h.destination()) && java.util.Objects.equals(next.patientKey(), h.patientKey())) {
                    if (!release(next, by).released()) {
                        break;
                    }
                }
            }
        }
        return done;
    }

    private boolean discardOne(long id, String by, String remote) {
        return held.db().writeAndWait(tx -> {
            HeldEffects.Held h = held.get(tx, id);
            if (h == null || !held.close(tx, id, HeldEffects.DISCARDED, by)) {
                return false;
            }
            journal.event(tx, h.messageId(), "HELD", "held effect " + id + " discarded by " + by);
            audit.record(tx, new AuditEvent(AuditEvent.OPERATOR_ACTION, AuditEvent.SUCCESS, by, remote, h.patientKey(),
                    "held-effect", String.valueOf(id), "{\"action\":\"discard\",\"flow\":\"" + h.flow() + "\"}"));
            return true;
        });
    }

    private Outcome release(HeldEffects.Held h, String by) {
        HeldFlows.Remaker remaker = flows.get(h.flow());
        if (remaker == null) {
            return new Outcome(h.id(), false, "no flow " + h.flow() + " to make it again");
        }
        JournalRow row = journal.get(held.db(), h.messageId());
        if (row == null || row.raw() == null) {
            return new Outcome(h.id(), false, "the message's payload is gone (retention): discard it");
        }
        Inbound in = intake.reload(row, Inbound.Mode.STORED);
        Effect effect;
        try {
            if (in.error() != null) {
                throw in.error();
            }
            effect = remaker.remake(in, h.context());
        } catch (Hl7Error e) {
            String reason = e.text();
            held.db().writeAndWait(tx -> {
                held.reason(tx, h.id(), reason);
                return null;
            });
            return new Outcome(h.id(), false, "still held: " + reason);
        } catch (Exception e) {
            LOG.warn("Releasing held effect {} (message {}) failed", h.id(), h.messageId(), e);
            return new Outcome(h.id(), false, "failed: " + e);
        }
        String detail = held.db().writeAndWait(tx -> {
            Long first = held.heldFor(tx, h.destination(), h.patientKey());
            if (first != null && first < h.id()) {
                held.reason(tx, h.id(), "waits behind held effect " + first + " of the same patient");
                return "still held: behind held effect " + first;
            }
            if (!held.close(tx, h.id(), HeldEffects.RELEASED, by)) {
                return "not held any more";
            }
            effect.apply(tx, h.messageId());
            journal.event(tx, h.messageId(), "EFFECT", effect.describe() + " (held effect " + h.id() + " released by " + by + ")");
            return null;
        });
        if (detail != null) {
            return new Outcome(h.id(), false, detail);
        }
        workers.wake(h.destination());
        return new Outcome(h.id(), true, "released to the outbox of " + h.destination());
    }
}
