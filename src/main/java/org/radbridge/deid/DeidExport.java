package org.radbridge.deid;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.radbridge.audit.AuditTrail;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of route deid-export (routes/deid-export.camel.yaml): de-identify the copy with the
 * target's profile, record the audit record, send it through the target's transport. A de-identified
 * destination runs each delivery through the route once Camel is up and route deid-export-attach has
 * handed over the context (a site can add steps to the route); the same three steps run directly before.
 */
public final class DeidExport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeidExport.class);
    public static final String ROUTE = "direct:deid-export";

    private final Deidentifier deidentifier;
    private final AuditTrail audit;
    private final Map<String, Destination> transports;
    private volatile CamelContext camel;
    private volatile ProducerTemplate template;
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

    /** One delivery: through the route when Camel is up, directly otherwise. */
    DeliveryResult deliver(DeidJob job) throws Exception {
        ProducerTemplate pt = template();
        if (pt != null) {
            DeidJob done = pt.requestBody(ROUTE, job, DeidJob.class);
            viaRoute.incrementAndGet();
            return (done == null ? job : done).failed(null).delivery();
        }
        return send(audit(deidentify(job))).failed(null).delivery();
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        CamelContext c = camel;
        if (t == null && c != null && c.isStarted() && c.getRoute("deid-export") != null) {
            synchronized (this) {
                if (template == null) {
                    template = c.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    /** Called once by route deid-export-attach when Camel has started. */
    public void attach(CamelContext context) {
        setCamelContext(context);
    }

    /** Deliveries that went through route deid-export (for tests and metrics). */
    public long deliveriesViaRoute() {
        return viaRoute.get();
    }

    public Deidentifier deidentifier() {
        return deidentifier;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    void close() {
        ProducerTemplate t = template;
        if (t != null) {
            try {
                t.close();
            } catch (Exception ignored) {
                // stopping
            }
        }
    }
}
