package org.radbridge.deid;

import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.OutboxEntry;

/**
 * One delivery of a de-identified destination on its way through route deid-export
 * (routes/deid-export.camel.yaml): the outbox entry (identified), its target and profile, then the
 * de-identification result, then the delivery result. A step that decides the outcome early (a payload
 * that cannot be de-identified: dead letter) sets {@link #delivery} and the later steps pass it on.
 */
public final class DeidJob {

    private final OutboxEntry entry;
    private final Target target;
    private final Profile profile;
    private Deidentifier.Result result;
    private DeliveryResult delivery;

    public DeidJob(OutboxEntry entry, Target target, Profile profile) {
        this.entry = entry;
        this.target = target;
        this.profile = profile;
    }

    public OutboxEntry entry() {
        return entry;
    }

    public Target target() {
        return target;
    }

    public Profile profile() {
        return profile;
    }

    public Deidentifier.Result result() {
        return result;
    }

    void result(Deidentifier.Result r) {
        this.result = r;
    }

    public DeliveryResult delivery() {
        return delivery;
    }

    void delivery(DeliveryResult d) {
        this.delivery = d;
    }

    /** True once the outcome is known (delivered, or given up early). */
    public boolean decided() {
        return delivery != null;
    }

    /** What the error handling of the route makes of an exception: try again later. */
    public DeidJob failed(Exception e) {
        if (delivery == null) {
            delivery = DeliveryResult.retry(e == null ? "route deid-export failed" : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return this;
    }

    @Override
    public String toString() {
        return "DeidJob[outbox " + entry.id() + " -> " + target.name() + "]";
    }
}
