package org.radbridge.deid;

import java.util.Map;
import org.radbridge.audit.AuditTrail;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of route deid-export (routes/deid-export.camel.yaml): de-identify the copy with the
 * target's profile, record the audit record, send it through the target's transport. A de-identified
 * destination runs each delivery through the route once the engine has started (a site can add steps to
 * the route); the same three steps run directly before.
 */
public final class DeidExport {

    private static final Logger LOG = LoggerFactory.getLogger(DeidExport.class);
    public static final String ROUTE = "direct:deid-export";

    private final Deidentifier deidentifier;
    private final AuditTrail audit;
    private final Map<String, Destination> transports;
    private volatile java.util.function.UnaryOperator<DeidJob> route;
    private final java.util.concurrent.atomic.AtomicLong viaRoute = new java.util.concurrent.atomic.AtomicLong();

    public DeidExport(Deidentifier deidentifier, AuditTrail audit, Map<String, Destination> transports) {
        this.deidentifier = deidentifier;
        this.audit = audit;
        this.transports = transports;
    }

    /** Step 1: the payload through the target's profile; a payload that cannot be de-identified is dead-lettered. */
    public DeidJob deidentify(DeidJob job) {
        if (job.decided()) {
            return job;
        }
        OutboxEntry e = job.entry();
        try {
            job.result(deidentifier.deidentify(job.profile(), e.payload() == null ? new byte[0] : e.payload(), e.contentType()));
        } catch (DeidException ex) {
            LOG.info("outbox entry {} to {}: not de-identified: {}", e.id(), job.target().name(), ex.getMessage());
            job.delivery(DeliveryResult.dead("not de-identified: " + ex.getMessage()));
        }
        return job;
    }

    /** Step 2: the audit record (profile, legal basis, key id, counts); if it cannot be written, nothing is sent. */
    public DeidJob audit(DeidJob job) throws Exception {
        if (!job.decided() && job.result() != null) {
            audit.record(DeidAudit.event(job.result(), job));
        }
        return job;
    }

    /** Step 3: the de-identified payload to the target's MLLP peer, FHIR server or folder. */
    public DeidJob send(DeidJob job) throws Exception {
        if (job.decided() || job.result() == null) {
            return job;
        }
        OutboxEntry e = job.entry();
        Destination t = transports.get(job.target().name());
        OutboxEntry copy = new OutboxEntry(e.id(), e.createdAt(), e.messageId(), e.destination(), e.orderingKey(),
                e.kind(), e.contentType(), job.result().payload(), e.controlId(),
                e.state(), e.attempts(), e.nextAttemptAt(), e.lastOutcome(), e.lastError(), e.updatedAt(), e.doneAt());
        DeliveryResult r = t.deliver(copy);
        job.delivery(r == null ? DeliveryResult.retry("transport returned no result") : r);
        return job;
    }

    /** One delivery: through route deid-export once the engine has started, directly before. */
    DeliveryResult deliver(DeidJob job) throws Exception {
        java.util.function.UnaryOperator<DeidJob> r = route;
        if (r != null) {
            DeidJob done = r.apply(job);
            viaRoute.incrementAndGet();
            return (done == null ? job : done).failed(null).delivery();
        }
        return send(audit(deidentify(job))).failed(null).delivery();
    }

    /** From the module's start: deliveries go through route deid-export from now on. */
    void attach(java.util.function.UnaryOperator<DeidJob> viaRoute) {
        this.route = viaRoute;
    }

    /** Deliveries that went through route deid-export (for tests and metrics). */
    public long deliveriesViaRoute() {
        return viaRoute.get();
    }

    public Deidentifier deidentifier() {
        return deidentifier;
    }

    void close() {
        route = null;
    }
}
