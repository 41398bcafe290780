package org.radbridge.notify;

import java.nio.charset.Charset;
import java.sql.SQLException;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.Outbox;
import org.radbridge.store.Tx;

/**
 * Queues outbound HL7 in the caller's transaction: one outbox entry per destination, ordered by the
 * resolved patient key, with its own control id (MSH-10, stable across retries and redeliveries), encoded
 * in the charset the destination wants (MSH-18 rewritten) or the one the text came in.
 */
public final class Hl7Outbox {

    private final Outbox outbox;
    private final Hl7Destinations destinations;
    private final ControlIds controlIds;

    public Hl7Outbox(Outbox outbox, Hl7Destinations destinations, ControlIds controlIds) {
        this.outbox = outbox;
        this.destinations = destinations;
        this.controlIds = controlIds;
    }

    public Hl7Destinations destinations() {
        return destinations;
    }

    /** A queued message: its outbox entry id and its control id. */
    public record Queued(long entryId, String controlId) {
    }

    /**
     * Queues {@code text} for {@code destination}.
     *
     * @param patientKey PID-3 ID^issuer (resolved through merges here); null or empty: no patient
     * @param kind what it is, e.g. "oru-r01" (also names the file in a file outbox)
     * @param charset the charset the text should travel in unless the destination names one
     * @param controlId MSH-10 to use, or null to generate one
     */
    public Queued enqueue(Tx tx, Long messageId, String destination, String patientKey, String kind, String text,
            Charset charset, String controlId) throws SQLException {
        return enqueue(tx, messageId, prepare(destination, patientKey, kind, text, charset, controlId));
    }

    /**
     * A message made ready for the outbox outside any transaction (control id chosen, MSH-10 / MSH-18 set, encoded);
     * {@link #enqueue(Tx, Long, Prepared)} queues it. The patient key is resolved through merges only then, in the
     * transaction that queues it.
     */
    public record Prepared(String destination, String patientKey, String kind, String contentType, byte[] payload,
            String controlId) {
    }

    /** The work of {@link #enqueue} that needs no transaction (the same arguments). */
    public Prepared prepare(String destination, String patientKey, String kind, String text, Charset charset, String controlId) {
        Hl7DestinationConfig cfg = destinations.get(destination);
        if (cfg == null) {
            throw new IllegalArgumentException("no HL7 destination " + destination);
        }
        Charset cs = cfg.charset().isEmpty() ? charset : Hl7Charsets.forName(cfg.charset());
        String id = controlId == null || controlId.isEmpty() ? controlIds.next() : controlId;
        String out = shape(cfg, text, id);
        return new Prepared(destination, patientKey, kind, Hl7Edit.contentType(cs), out.getBytes(cs), id);
    }

    /** Queues a {@link #prepare prepared} message in the caller's transaction. */
    public Queued enqueue(Tx tx, Long messageId, Prepared p) throws SQLException {
        long entry = outbox.enqueue(tx, messageId, new NewEntry(p.destination(), PatientKeys.resolve(tx, p.patientKey()), p.kind(),
                p.contentType(), p.payload(), p.controlId()));
        return new Queued(entry, p.controlId());
    }

    /**
     * The text as {@link #enqueue} would queue it for {@code destination} (for a dry run): MSH-18 as the destination
     * wants it, MSH-10 the given control id or {@code *} where one is generated per outbox entry.
     */
    public String preview(String destination, String text, String controlId) {
        Hl7DestinationConfig cfg = destinations.get(destination);
        if (cfg == null) {
            throw new IllegalArgumentException("no HL7 destination " + destination);
        }
        return shape(cfg, text, controlId == null || controlId.isEmpty() ? "*" : controlId);
    }

    private static String shape(Hl7DestinationConfig cfg, String text, String controlId) {
        String out = text;
        if (!cfg.charset().isEmpty()) {
            out = Hl7Edit.setField(out, "MSH", 18, cfg.charset());
        }
        return Hl7Edit.setField(out, "MSH", 10, org.radbridge.hl7.Hl7Escapes.escape(controlId, Hl7Edit.delimiters(out)));
    }
}
