package org.radbridge.intake;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.List;
import java.util.function.LongConsumer;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.ErrorLocation;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.metrics.Metrics;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;

/**
 * Makes a message durable with its effects, in one unit of the group-commit writer (design.md §2):
 * duplicate check (sender + MSH-10 + content hash among AA'd entries), journal row, effects, receipt audit
 * record, and the acknowledgement text stored with the row. A business error from an effect rolls the
 * unit back to before the journal row and journals the message as REJECTED with its AE/AR instead.
 */
public final class JournalWriter {

    private final Db db;
    private final Journal journal;
    private final Acks acks;
    private final Metrics metrics;
    private final AuditTrail audit;
    private final long duplicateWindowMillis;
    private volatile MessageFlows flows;
    private volatile LongConsumer storedListener = id -> { };
    private volatile java.util.function.Consumer<Inbound> processedListener = in -> { };

    public JournalWriter(Db db, Journal journal, Acks acks, Metrics metrics, AuditTrail audit, long duplicateWindowMillis,
            MessageFlows flows) {
        this.flows = flows;
        this.db = db;
        this.journal = journal;
        this.acks = acks;
        this.metrics = metrics;
        this.audit = audit;
        this.duplicateWindowMillis = duplicateWindowMillis;
    }

    /**
     * Called after a message went through its flows and was committed (accepted or refused by a flow; not a
     * duplicate, not a reprocess): the shadow run's feed. Must return quickly and not throw.
     */
    public void onProcessed(java.util.function.Consumer<Inbound> l) {
        this.processedListener = l;
    }

    private void processed(Inbound in) {
        if (in.duplicate() || in.message() == null || in.flows().isEmpty() || in.journalId() <= 0) {
            return;
        }
        try {
            processedListener.accept(in);
        } catch (RuntimeException e) {
            // its exception may quote the message: type chain and frames only (intake.Throwables)
            org.slf4j.LoggerFactory.getLogger(JournalWriter.class).warn("processed-message listener failed for journal entry {}: {}",
                    in.journalId(), Throwables.brief(e), Throwables.trimmed(e));
        }
    }

    /**
     * Called with the journal id of each after-store message once it is durable, on the database writer's
     * thread in commit order (so processing follows the order of storing): must be quick and not block.
     */
    public void onStored(LongConsumer l) {
        this.storedListener = l;
    }

    public Db db() {
        return db;
    }

    public Journal journal() {
        return journal;
    }

    /** The acknowledgement builder (also used by dry runs, which journal nothing). */
    public Acks acks() {
        return acks;
    }

    /** after-commit (or a refusal): journal + effects in one unit; sets the journal id and the ACK. */
    public Inbound commit(Inbound in) {
        String aa = acceptAck(in);
        Inbound out = db.writeAndWait(tx -> commitUnit(tx, in, false, aa));
        count(out);
        if (out.mode() == Inbound.Mode.LIVE) {
            processed(out);
        }
        return out;
    }

    /** after-store: journal as RECEIVED with an AA; processing follows from {@link #onStored}. */
    public Inbound store(Inbound in) {
        String aa = acceptAck(in);
        Inbound out = db.writeAndWait(tx -> {
            commitUnit(tx, in, true, aa);
            if (in.ackCode() == AckCode.AA && !in.duplicate()) {
                long id = in.journalId();
                tx.onCommit(() -> storedListener.accept(id)); // in commit order, on the writer: a queue offer
            }
            return in;
        });
        count(out);
        return out;
    }

    /** The AA the message gets if it is accepted, built before the writer transaction (it depends on MSH only). */
    private String acceptAck(Inbound in) {
        return in.error() == null ? acks.build(in, AckCode.AA, null) : null;
    }

    private Inbound commitUnit(Tx tx, Inbound in, boolean storeOnly, String acceptAck) throws Exception {
        in.duplicate(false); // an earlier attempt whose batch did not commit may have set it (Intake.fail commits the refusal)
        long now = System.currentTimeMillis();
        boolean collision = false;
        if (in.error() == null) {
            List<Journal.Previous> prev = journal.previousAccepted(tx, in.sender(), in.message().controlId(),
                    duplicateWindowMillis > 0 ? now - duplicateWindowMillis : 0);
            for (Journal.Previous p : prev) {
                if (p.contentHash() != null && p.contentHash().equals(in.contentHash())) {
                    long id = journal.insert(tx, row(in, Journal.DUPLICATE, "AA", p.ackText(), null, false, p.id(), now));
                    in.journalId(id);
                    in.duplicate(true);
                    in.acknowledged(AckCode.AA, p.ackText());
                    return in;
                }
            }
            collision = !prev.isEmpty();
            if (collision && "refuse".equalsIgnoreCase(in.peer() == null ? "" : in.peer().duplicateControlId())) {
                in.fail(new Hl7Error(AckCode.AE, Hl7Error.Code.DUPLICATE_KEY, ErrorLocation.of("MSH-10"),
                        "control id " + in.message().controlId() + " was already used for a different message"));
            }
        }
        if (in.error() == null) {
            Connection c = tx.connection();
            Savepoint sp = c.setSavepoint();
            try {
                String ack = acceptAck != null ? acceptAck : acks.build(in, AckCode.AA, null);
                String state = storeOnly ? Journal.RECEIVED : Journal.PROCESSED;
                JournalRow inserted = row(in, state, "AA", ack, null, collision, null, storeOnly ? null : now);
                long id = journal.insert(tx, inserted);
                if (collision) {
                    journal.event(tx, id, "COLLISION", "control id reused by this sender with different content");
                }
                if (!storeOnly) {
                    applyEffects(tx, in, id, inserted);
                }
                audit.record(tx, receipt(in, id, AuditEvent.SUCCESS));
                c.releaseSavepoint(sp);
                in.journalId(id);
                in.acknowledged(AckCode.AA, ack);
                if (collision) {
                    metrics.inc("radbridge_control_id_collisions_total",
                            "Messages reusing a sender's control id with different content", "sender", senderLabel(in));
                }
                return in;
            } catch (Hl7Error e) {
                c.rollback(sp);
                in.clearEffects();
                in.fail(e);
            }
        }
        Hl7Error e = in.error();
        String ack = acks.build(in, e.ackCode(), e);
        long id = journal.insert(tx, row(in, Journal.REJECTED, e.ackCode().name(), ack, e, collision, null, now));
        journal.event(tx, id, "REJECTED", e.ackCode() + " " + e.code().value + " " + e.text());
        audit.record(tx, receipt(in, id, AuditEvent.MINOR_FAILURE));
        in.journalId(id);
        in.acknowledged(e.ackCode(), ack);
        return in;
    }

    private void applyEffects(Tx tx, Inbound in, long id) throws Exception {
        applyEffects(tx, in, id, null);
    }

    /**
     * Applies the effects, then records their descriptions and the warnings as journal events (one
     * statement) and the journal keys when they differ from {@code inserted} (the row as just inserted).
     */
    private void applyEffects(Tx tx, Inbound in, long id, JournalRow inserted) throws Exception {
        List<String[]> events = new java.util.ArrayList<>(in.effects().size() + in.warnings().size());
        for (Effect effect : in.effects()) {
            effect.apply(tx, id);
            events.add(new String[] {"EFFECT", effect.describe()});
        }
        for (String w : in.warnings()) {
            events.add(new String[] {"WARNING", w});
        }
        journal.events(tx, id, events);
        if (!in.keys().isEmpty()) {
            String patient = in.keys().get("patient");
            String accession = in.keys().get("accession");
            String order = in.keys().get("order");
            if (inserted == null || !java.util.Objects.equals(patient, inserted.patientKey())
                    || !java.util.Objects.equals(accession, inserted.accession()) || !java.util.Objects.equals(order, inserted.orderKey())) {
                journal.setKeys(tx, id, patient, accession, order);
            }
        }
    }

    /** after-store processing done: effects applied, RECEIVED -> PROCESSED (exactly once). */
    public Inbound commitProcessed(Inbound in) {
        boolean[] first = new boolean[1];
        Inbound out = db.writeAndWait(tx -> {
            if (in.mode() == Inbound.Mode.REPROCESS) {
                applyEffects(tx, in, in.journalId());
                journal.event(tx, in.journalId(), "REPROCESSED", "effects applied again"
                        + (journal.configDigest() == null ? "" : " (configuration " + journal.configDigest() + ")"));
                journal.reprocessedUnder(tx, in.journalId());
                return in;
            }
            if (journal.transition(tx, in.journalId(), Journal.RECEIVED, Journal.PROCESSED, null, null)) {
                applyEffects(tx, in, in.journalId());
                first[0] = true;
            }
            return in;
        });
        if (first[0]) {
            processed(out);
        }
        return out;
    }

    /** after-store processing failed after the AA: FAILED, visible in the API and /metrics. */
    public void commitFailed(Inbound in, Hl7Error e) {
        db.writeAndWait(tx -> {
            if (in.mode() == Inbound.Mode.REPROCESS) {
                journal.event(tx, in.journalId(), "REPROCESS_FAILED", e.code().value + " " + e.text());
            } else {
                journal.transition(tx, in.journalId(), Journal.RECEIVED, Journal.FAILED, e.code().value, e.text());
            }
            return null;
        });
        metrics.inc("radbridge_processing_failures_total", "Messages whose processing failed after acknowledgement",
                "type", typeLabel(in));
    }

    private AuditEvent receipt(Inbound in, long id, String outcome) {
        return org.radbridge.audit.AuditEvents.receipt(in.sender(), in.remoteAddress(), in.keys().get("patient"), id,
                in.messageType(), in.message() == null ? null : in.message().controlId(),
                AuditEvent.SUCCESS.equals(outcome) ? "AA" : in.error() == null ? "AR" : in.error().ackCode().name());
    }

    private static String jsonSafe(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private JournalRow row(Inbound in, String state, String ackCode, String ackText, Hl7Error e, boolean collision,
            Long duplicateOf, Long processedAt) {
        var m = in.message();
        return new JournalRow(0, in.receivedAt(), in.channel(), in.remoteAddress(), in.sender(),
                m == null ? null : m.controlId(), m == null ? null : m.messageType(), m == null ? null : m.version(),
                m == null ? null : m.processingId(), in.charset() == null ? null : in.charset().name(), in.ackMode(),
                String.join(",", in.flows()), state, ackCode, ackText, e == null ? null : e.code().value,
                e == null ? null : e.text(), in.contentHash(), collision, duplicateOf, in.keys().get("patient"),
                in.keys().get("accession"), in.keys().get("order"), in.raw(), in.raw().length, processedAt,
                in.keys().get("patientName"));
    }

    private static String senderLabel(Inbound in) {
        return in.peer() != null && in.peer().known() ? in.peer().name() : "unknown";
    }

    /** After a configuration reload: the message types now known (metric labels). */
    void flows(MessageFlows next) {
        this.flows = next;
    }

    /** The bounded "type" label: message types not in mappings/codes/message-flows.yaml count as "other". */
    private String typeLabel(Inbound in) {
        return in.message() == null ? "unreadable" : flows.metricLabel(in.messageType());
    }

    /** The per-message series of one type and sender label, looked up once (labels are bounded: see typeLabel). */
    private record Counts(io.micrometer.core.instrument.Counter received, io.micrometer.core.instrument.Counter acked,
            java.util.function.DoubleConsumer lastReceived) {
    }

    private final java.util.Map<String, java.util.Map<String, Counts>> counts = new java.util.concurrent.ConcurrentHashMap<>();

    private Counts counts(String type, String sender) {
        java.util.Map<String, Counts> bySender = counts.computeIfAbsent(type, t -> new java.util.concurrent.ConcurrentHashMap<>());
        Counts c = bySender.get(sender);
        return c != null ? c : bySender.computeIfAbsent(sender, x -> new Counts(
                metrics.counter("radbridge_messages_received_total", "Messages received by type and sender", "type", type, "sender", sender),
                metrics.counter("radbridge_messages_acked_total", "Messages answered AA by type and sender", "type", type, "sender", sender),
                metrics.gauge("radbridge_last_message_received_timestamp_seconds", "When the last message of a sender arrived",
                        "sender", sender)));
    }

    private void count(Inbound in) {
        String type = typeLabel(in);
        String sender = senderLabel(in);
        Counts c = counts(type, sender);
        c.received().increment();
        if (in.ackCode() == AckCode.AA) {
            c.acked().increment();
        } else if (in.ackCode() != null) {
            metrics.inc("radbridge_messages_rejected_total", "Messages answered AE or AR by type, sender and code",
                    "type", type, "sender", sender, "ack", in.ackCode().name());
        }
        if (in.duplicate()) {
            metrics.inc("radbridge_duplicates_total", "Resent messages answered with their original ACK", "sender", sender);
        }
        c.lastReceived().accept(in.receivedAt() / 1000.0);
    }
}
