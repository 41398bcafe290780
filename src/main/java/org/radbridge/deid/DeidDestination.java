package org.radbridge.deid;

import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;

/**
 * A de-identified destination of the outbox: each entry (a copy of what its source received, see
 * {@link CopyOnEnqueue}) is de-identified with the target's profile, audited and sent — route
 * deid-export. Retries de-identify again (surrogates and pseudonyms are stable, so the output is the same).
 */
public final class DeidDestination implements Destination {

    private final Target target;
    private final Profile profile;
    private final DeidExport export;
    private final Destination transport;

    public DeidDestination(Target target, Profile profile, DeidExport export, Destination transport) {
        this.target = target;
        this.profile = profile;
        this.export = export;
        this.transport = transport;
    }

    @Override
    public String name() {
        return target.name();
    }

    public Target target() {
        return target;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry entry) throws Exception {
        return export.deliver(new DeidJob(entry, target, profile));
    }

    @Override
    public boolean deadLetterBlocksKey() {
        return transport.deadLetterBlocksKey();
    }

    @Override
    public void close() {
        transport.close();
    }
}
