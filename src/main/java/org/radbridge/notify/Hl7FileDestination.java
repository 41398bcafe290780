package org.radbridge.notify;

import java.nio.file.Path;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.FileDestination;
import org.radbridge.outbox.OutboxEntry;

/**
 * The file outbox of an HL7 destination without an address ({@code <data-dir>/outbox/<name>/}, one message
 * per file named {@code <entry id>-<kind>.hl7}, written atomically), with MSH-10 set to the entry's
 * control id exactly as it would be sent over MLLP.
 */
public final class Hl7FileDestination implements Destination {

    private final Hl7DestinationConfig cfg;
    private final FileDestination files;

    public Hl7FileDestination(Hl7DestinationConfig cfg, Path dir) {
        this.cfg = cfg;
        this.files = new FileDestination(cfg.name(), dir, "hl7");
    }

    @Override
    public String name() {
        return cfg.name();
    }

    public Path dir() {
        return files.dir();
    }

    @Override
    public boolean deadLetterBlocksKey() {
        return cfg.deadLetterBlocksKey();
    }

    @Override
    public boolean syncsBeforeOutcomes() {
        return files.syncsBeforeOutcomes();
    }

    @Override
    public void sync() throws Exception {
        files.sync();
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        String controlId = e.controlId() == null || e.controlId().isEmpty() ? "RB" + e.id() : e.controlId();
        byte[] stamped = Hl7Edit.stamp(e.payload(), e.contentType(), controlId);
        return files.deliver(new OutboxEntry(e.id(), e.createdAt(), e.messageId(), e.destination(), e.orderingKey(), e.kind(),
                e.contentType(), stamped, controlId, e.state(), e.attempts(), e.nextAttemptAt(), e.lastOutcome(), e.lastError(),
                e.updatedAt(), e.doneAt()));
    }
}
